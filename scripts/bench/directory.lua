-- wrk script: the directory search mix (the same queries as `carebook bench search`), against the page
-- given as the first script argument: "/doctors?" (Dioxus SSR) or "/bench/reference/doctors?" (plain axum).
local queries = {
  "q=cardiology",
  "q=maria%20garcia",
  "q=cardiolgy",
  "q=dermatology%20paris",
  "q=jose%20alvarez&sort=rating",
  "q=pediatrics%20old%20town",
  "q=muller%20berlin&mode=video",
  "q=okafor&page=2",
}
local prefix = "/doctors?"
local pause = 0
local i = 0

-- args: prefix, and optionally a pause in ms between one connection's requests (a paced "user" rather
-- than a saturating loop: latency at a sustainable load, not queueing at overload).
function init(args)
  if args[1] then prefix = args[1] end
  if args[2] then pause = tonumber(args[2]) end
  i = math.random(0, #queries - 1)
end

-- Think times are random (uniform, mean `pause`): equal fixed pauses keep the connections in lockstep, so
-- all 50 would arrive together every cycle and the figure would measure those bursts, not the page.
function delay()
  if pause == 0 then return 0 end
  return math.random(0, 2 * pause)
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", prefix .. queries[i])
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
