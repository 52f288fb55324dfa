-- wrk script: holds through the server function (POST /api/appointments/hold), each request a distinct
-- free slot from the file given as the first argument ("cookie<TAB>json" lines, from
-- `carebook bench booking-setup`); the second argument is the thread count (threads take disjoint lines).
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local lines, i, step = {}, 0, 1

function init(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  step = tonumber(args[2])
  i = id + 1 - step
end

function request()
  i = i + step
  local line = lines[i]
  if not line then line = lines[#lines] end -- ran out: repeats answer from the idempotency key
  local tab = line:find("\t", 1, true)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Request-Client"] = "dioxus",
    ["Cookie"] = line:sub(1, tab - 1),
  }
  return wrk.format("POST", "/api/appointments/hold", headers, line:sub(tab + 1))
end
