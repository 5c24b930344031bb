-- Sliding window (see Algorithm.SLIDING_WINDOW). KEYS[1]: the counter, a hash {a: window index,
-- b: count in it, c: count in the window before}. ARGV: now (epoch ms), max, windowMs, 'hit' or
-- 'refund', the refunded generation.
-- Reply to a hit: {allowed, remaining, resetAt, retryAfterMs, used, generation}.
local now, max, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'a', 'b', 'c')
local a, b, c = tonumber(state[1]), tonumber(state[2]) or 0, tonumber(state[3]) or 0
if ARGV[4] == 'refund' then
  if a ~= nil and a == tonumber(ARGV[5]) and b > 0 then
    redis.call('HINCRBY', KEYS[1], 'b', -1)
  end
  return 0
end
local index = math.floor(now / window)
local current, previous = 0, 0
if a ~= nil and a >= index then
  index, current, previous = a, b, c
elseif a ~= nil and a == index - 1 then
  previous = b
end
local elapsed = math.max(0, math.min(window, now - index * window))
local weighted = previous * (window - elapsed) + current * window
local resetAt = (index + 1) * window
if weighted + window <= max * window then
  current = current + 1
  weighted = weighted + window
  redis.call('HSET', KEYS[1], 'a', string.format('%.0f', index),
    'b', string.format('%.0f', current), 'c', string.format('%.0f', previous))
  redis.call('PEXPIRE', KEYS[1], string.format('%.0f', 2 * window))
  return {1, math.floor((max * window - weighted) / window), resetAt, 0,
    math.ceil(weighted / window), index}
end
local retryAt = nil
if current <= max - 1 and previous > 0 then
  local e = math.ceil(window * (previous - (max - 1 - current)) / previous)
  if e < window then
    retryAt = index * window + math.max(e, elapsed)
  end
end
if retryAt == nil then
  local e = 0
  if current > max - 1 then
    e = math.ceil(window * (current - (max - 1)) / current)
  end
  retryAt = (index + 1) * window + e
end
return {0, 0, resetAt, retryAt - now, math.ceil(weighted / window), index}
