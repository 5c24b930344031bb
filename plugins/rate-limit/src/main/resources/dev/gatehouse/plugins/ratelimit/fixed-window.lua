-- Fixed window (see Algorithm.FIXED_WINDOW). KEYS[1]: the counter, a hash {a: window start,
-- b: count}. ARGV: now (epoch ms), max, windowMs, 'hit' or 'refund', the refunded generation.
-- Reply to a hit: {allowed, remaining, resetAt, retryAfterMs, used, generation}.
local now, max, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'a', 'b')
local a, b = tonumber(state[1]), tonumber(state[2]) or 0
if ARGV[4] == 'refund' then
  if a ~= nil and a == tonumber(ARGV[5]) and b > 0 then
    redis.call('HINCRBY', KEYS[1], 'b', -1)
  end
  return 0
end
local start, count = a, b
if a == nil or now - a >= window then
  start, count = now, 0
end
local resetAt = start + window
if count < max then
  count = count + 1
  redis.call('HSET', KEYS[1], 'a', string.format('%.0f', start), 'b', string.format('%.0f', count))
  redis.call('PEXPIRE', KEYS[1], string.format('%.0f', 2 * window))
  return {1, max - count, resetAt, 0, count, start}
end
return {0, 0, resetAt, resetAt - now, count, start}
