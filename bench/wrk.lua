-- wrk script of bench/run.sh. One of three request shapes, chosen by the arguments after wrk's "--":
--   ids  <template> <idsFile>   GET <template> with "{id}" replaced by an id drawn at random from idsFile (one a line)
--   post <bodyFile>             POST / with bodyFile's bytes as application/octet-stream
--   get  <path>                 GET <path>
-- When the run ends, done() prints one line that run.sh parses:
--   WRK_RESULT requests=N seconds=S rps=R p50_ms=X p99_ms=Y non2xx=N connect=N read=N write=N timeout=N

-- setup() and done() run in wrk's main Lua state, init()/request()/response() in one state per thread; the main state
-- reaches the threads' counters only through the thread objects that setup() was given.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_number", #threads)
end

-- Per thread (globals, so that done() can read them with thread:get).
non2xx = 0

local mode
local before, after, ids
local fixed_request

function init(args)
    mode = args[1]
    -- Each thread draws its own sequence.
    math.randomseed(os.time() * 1000 + (thread_number or 0))
    if mode == "ids" then
        local template, ids_file = args[2], args[3]
        local at = template:find("{id}", 1, true)
        assert(at, "the template needs {id}: " .. tostring(template))
        before, after = template:sub(1, at - 1), template:sub(at + 4)
        ids = {}
        for line in io.lines(ids_file) do
            if #line > 0 then
                ids[#ids + 1] = line
            end
        end
        assert(#ids > 0, "no ids in " .. ids_file)
    elseif mode == "post" then
        local file = assert(io.open(args[2], "rb"))
        local body = file:read("*a")
        file:close()
        fixed_request = wrk.format("POST", "/", { ["Content-Type"] = "application/octet-stream" }, body)
    elseif mode == "get" then
        fixed_request = wrk.format("GET", args[2])
    else
        error("mode must be ids, post or get, not " .. tostring(mode))
    end
end

function request()
    if mode == "ids" then
        return wrk.format("GET", before .. ids[math.random(#ids)] .. after)
    end
    return fixed_request
end

-- wrk counts only statuses >= 400 itself; anything but 2xx (a redirect, a 429) makes a figure suspect here.
function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do
        bad = bad + (thread:get("non2xx") or 0)
    end
    local seconds = summary.duration / 1e6
    local errors = summary.errors
    io.write(string.format(
        "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        bad, errors.connect, errors.read, errors.write, errors.timeout))
end
