-- 60 s mixed load: reads, cached generates and uncached generates (random ranges → new datasets).
local feature = os.getenv("RSI_ID")
local sma = os.getenv("SMA_ID")
local json = { ["Content-Type"] = "application/json" }
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(seed * 7919)
end

function request()
  local r = math.random(100)
  if r <= 35 then
    return wrk.format("GET", "/api/v1/features/" .. feature)
  elseif r <= 50 then
    return wrk.format("GET", "/api/v1/market-data")
  elseif r <= 60 then
    return wrk.format("GET", "/api/v1/features/" .. feature .. "/versions?symbol=DEMO")
  elseif r <= 92 then
    return wrk.format("POST", "/api/v1/features/" .. feature .. "/generate", json,
      '{"symbol":"DEMO","start_date":"2023-01-01","end_date":"2024-01-01"}')
  else
    local t = os.time{year = 2019, month = 2, day = 1, hour = 12} + math.random(0, 1500) * 86400
    local s = os.date("!%Y-%m-%dT%H:%M:%SZ", t)
    local e = os.date("!%Y-%m-%d", t + math.random(30, 400) * 86400)
    return wrk.format("POST", "/api/v1/features/" .. sma .. "/generate", json,
      '{"symbol":"DEMO","start_date":"' .. s .. '","end_date":"' .. e .. '"}')
  end
end
