-- Only cached generates of one range.
local feature = os.getenv("RSI_ID")
function request()
  return wrk.format("POST", "/api/v1/features/" .. feature .. "/generate", { ["Content-Type"] = "application/json" },
    '{"symbol":"DEMO","start_date":"2023-01-01","end_date":"2024-01-01"}')
end
