-- Token bucket (see Algorithm.TOKEN_BUCKET). KEYS[1]: the bucket, a hash {a: last filled (epoch
-- ms), b: content in units, a request taking windowMs units and a millisecond adding max}.
-- ARGV: now (epoch ms), max, windowMs, 'hit' or 'refund'.
-- Reply to a hit: {allowed, remaining, resetAt, retryAfterMs, used, generation}.
local now, max, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local capacity = max * window
local state = redis.call('HMGET', KEYS[1], 'a', 'b')
local a, b = tonumber(state[1]), tonumber(state[2]) or 0
if ARGV[4] == 'refund' then
  if a ~= nil then
    redis.call('HSET', KEYS[1], 'b', string.format('%.0f', math.min(capacity, b + window)))
  end
  return 0
end
local units, at = capacity, now
if a ~= nil then
  local idle = math.max(0, now - a)
  if idle < window then
    units = math.min(capacity, b + idle * max)
  end
  at = math.max(now, a)
end
local allowed = 0
if units >= window then
  units = units - window
  allowed = 1
end
redis.call('HSET', KEYS[1], 'a', string.format('%.0f', at), 'b', string.format('%.0f', units))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', 2 * window))
local resetAt = at + math.ceil((capacity - units) / max)
if allowed == 1 then
  local remaining = math.floor(units / window)
  return {1, remaining, resetAt, 0, max - remaining, 0}
end
return {0, 0, resetAt, math.ceil((window - units) / max), max, 0}
