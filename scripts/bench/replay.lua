-- wrk script: replays prepared POSTs, each line of the file given as the first argument used once
-- ("header value<TAB>json body", from `carebook bench booking-setup` or `webhook-setup`). Arguments: the
-- file, the thread count (threads take disjoint lines), the path, and the header the first column goes in
-- (`Cookie` for holds through the server function, `Stripe-Signature` for webhooks).
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local lines, i, step, path, header = {}, 0, 1, "/", "Cookie"

function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  step = tonumber(args[2])
  path = args[3]
  header = args[4]
  i = id + 1 - step
end

function request()
  i = i + step
  local line = lines[i]
  -- Ran out: the last line again (a hold answers from its idempotency key, a webhook as a duplicate).
  if not line then line = lines[#lines] end
  local tab = line:find("\t", 1, true)
  local headers = { ["Content-Type"] = "application/json", ["X-Request-Client"] = "dioxus" }
  headers[header] = line:sub(1, tab - 1)
  return wrk.format("POST", path, headers, line:sub(tab + 1))
end
