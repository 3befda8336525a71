/**
 * Code that leaves work running after its run has returned: every way we know
 * of to get Python called again between runs. Part of the fault corpus
 * (fault-corpus.ts); `abuse.test.ts` runs each, lets what it left start, and
 * then checks the run after it: it must work, and with cross-origin isolation
 * on the same interpreter unless the leftover ignores every interrupt.
 *
 * Each leftover starts 100 ms after its run, so that it runs between runs and
 * not during its own (browsers order a zero-delay timer and the run's answer
 * differently).
 */
import type { Outcome } from '../../../src/index.ts'
import type { FaultCase } from './fault-corpus.ts'

const OK: Outcome = 'OUTCOME_OK'

const PRELUDE = 'import js\nfrom pyodide.ffi import create_proxy, create_once_callable\n'
const SPIN = 'def spin(*_):\n    while True:\n        pass\n'
/** The leftovers that end by themselves write this file last, so the test knows they ran: no guessing at times. */
const MARK = 'open("leftover-fired", "w").close()'
const REMOVE_MARK = 'import os\nos.remove("leftover-fired")'
const later = (callback: string) => `js.setTimeout(${callback}, 100)\nprint("scheduled")`
const leftover = (body: string, trigger: string) => `${PRELUDE}${body}${later(trigger)}`

/** What the run after a stopped leftover is told (worker/left-behind-notes.ts). */
const STOPPED = /\n\[Code an earlier run left running .* kept Python busy when this run came, so it was stopped with KeyboardInterrupt; the variables were kept\./
const SCHEDULED = /^scheduled\n$/
/** asyncio's loop reports a task's KeyboardInterrupt itself, by printing it: then that is what the next run is told. */
const STOPPED_OR_REPORTED = /\n\[Code an earlier run left running (.* was stopped with KeyboardInterrupt|printed [\d,]+ bytes between runs)/
const TAKEN_OVER = /\n\[Python was kept busy by code an earlier run left running .* so this run went to a fresh interpreter\./

type Leftover = Pick<FaultCase, 'name' | 'code' | 'leftover'> & Partial<FaultCase>

// The run after 'a leftover that prints' must not show what it printed: its stdout is checked exactly (abuse.test.ts).
const LEFTOVERS: Leftover[] = [
  { name: 'a JS timer whose callback spins', code: leftover(SPIN, 'create_proxy(spin)'), leftover: { starts: 'soon', next: STOPPED } },
  {
    name: 'a promise chain that spins',
    code: leftover('def again(*_):\n    js.Promise.resolve().then(step)\nstep = create_proxy(again)\n', 'step'),
    leftover: { starts: 'soon' },
  },
  {
    name: 'a microtask chain that spins',
    code: leftover('def again(*_):\n    js.queueMicrotask(step)\nstep = create_proxy(again)\n', 'step'),
    leftover: { starts: 'soon' },
  },
  {
    name: 'an asyncio task that spins',
    code: 'import asyncio\nasync def spin_later():\n    await asyncio.sleep(0.1)\n    while True:\n        pass\ntask = asyncio.ensure_future(spin_later())\nprint("scheduled")',
    leftover: { starts: 'soon', next: STOPPED_OR_REPORTED },
    cleanup: 'task = None',
  },
  {
    name: 'loop.call_later with a callback that spins',
    code: `import asyncio\n${SPIN}asyncio.get_running_loop().call_later(0.1, spin)\nprint("scheduled")`,
    // The loop swallows what the callback raises: the next run works, and has nothing to be told.
    leftover: { starts: 'soon' },
  },
  {
    name: "an event listener on the worker's global scope that spins",
    code: leftover(`${SPIN}js.addEventListener("leftover", create_proxy(spin))\n`, 'create_once_callable(lambda: js.dispatchEvent(js.Event.new("leftover")))'),
    leftover: { starts: 'soon', next: STOPPED },
  },
  {
    name: 'a message port listener that spins',
    code: leftover(`${SPIN}channel = js.MessageChannel.new()\nchannel.port1.onmessage = create_proxy(spin)\n`, 'create_once_callable(lambda: channel.port2.postMessage(0))'),
    leftover: { starts: 'soon', next: STOPPED },
    cleanup: 'channel.port1.close()\nchannel = None',
  },
  {
    name: 'a timer callback that sleeps for an hour',
    code: leftover('import time\n', 'create_once_callable(lambda: time.sleep(3600))'),
    leftover: { starts: 'soon', next: STOPPED },
  },
  // Re-arming leftovers are due again the moment the page's interrupt ends their turn: the worker holds their timers
  // while a run is in progress (worker/leftover-timers.ts), or the next turn would spin under the run's own deadline.
  {
    name: 'a re-arming timer whose callback spins each time',
    code: `${PRELUDE}${SPIN}handle = js.setInterval(create_proxy(spin), 100)\nprint("scheduled")`,
    leftover: { starts: 'soon', next: STOPPED },
    cleanup: 'js.clearInterval(handle)',
  },
  {
    name: 'an interval set through a reference taken before, whose callback spins',
    code: `${PRELUDE}${SPIN}from js import setInterval as every\nfrom pyodide.ffi.wrappers import set_interval, clear_interval\nhandles = [every(create_proxy(spin), 100), set_interval(spin, 150)]\nprint("scheduled")`,
    leftover: { starts: 'soon', next: STOPPED },
    cleanup: 'js.clearInterval(handles[0])\nclear_interval(handles[1])',
  },
  {
    name: 'a re-arming timer whose callback spins for a second each time',
    code: leftover(`import time\nticking = True\ndef tick():\n    if not ticking:\n        return\n    js.setTimeout(ticker, 100)\n    end = time.monotonic() + 1\n    while time.monotonic() < end:\n        pass\nticker = create_proxy(tick)\n`, 'ticker'),
    // Not asserted: the run can come in the turn between two ticks, and then there was nothing to stop.
    leftover: { starts: 'soon' },
    cleanup: 'ticking = False',
  },
  {
    name: 'a re-arming asyncio call_later chain that spins',
    code: `import asyncio\nloop = asyncio.get_running_loop()\nticking = True\ndef tick():\n    if not ticking:\n        return\n    loop.call_later(0.1, tick)\n    while True:\n        pass\nloop.call_later(0.1, tick)\nprint("scheduled")`,
    // As for the single call_later above, the loop takes what the callback raises.
    leftover: { starts: 'soon' },
    cleanup: 'ticking = False',
  },
  {
    name: 'a re-arming timer that never blocks',
    code: leftover(`ticks = 0\ndef tick():\n    global ticks\n    ticks += 1\n    if ticks < 100:\n        js.setTimeout(ticker, 5)\n    else:\n        ${MARK}\nticker = create_proxy(tick)\n`, 'ticker'),
    leftover: { starts: 'marked' },
    cleanup: REMOVE_MARK,
  },
  {
    name: 'a leftover that prints',
    code: leftover(`def late():\n    print("printed after the run")\n    ${MARK}\n`, 'create_once_callable(late)'),
    leftover: { starts: 'marked', next: /\n\[Code an earlier run left running printed 22 bytes between runs; output printed while no run is in progress is dropped\./ },
    cleanup: REMOVE_MARK,
  },
  {
    name: 'a leftover that raises',
    code: leftover(`def late():\n    ${MARK}\n    raise ValueError("raised after the run")\n`, 'create_once_callable(late)'),
    leftover: { starts: 'marked', next: /\n\[A callback left behind by an earlier run raised: [^]*ValueError: raised after the run/ },
    cleanup: REMOVE_MARK,
  },
  {
    name: 'a leftover that allocates without end',
    code: leftover('def grab():\n    hoard = []\n    while True:\n        hoard.append(bytearray(64 * 2**20))\n', 'create_once_callable(grab)'),
    // Stopped, out of memory first, or too busy growing the heap to stop in time (then on a fresh interpreter): whichever
    // comes first, the next run says so and works.
    leftover: { starts: 'soon', next: /\n\[(Code an earlier run left running .* was stopped with KeyboardInterrupt|A callback left behind by an earlier run raised: [^]*MemoryError|Python was kept busy by code an earlier run left running)/ },
    state: 'either',
    cleanup: 'import gc, sys\nsys.last_exc = sys.last_value = sys.last_traceback = None\ngc.collect()',
  },
  // Ignores the interrupt and spins on: only replacing the worker ends it, and the next run goes to the replacement.
  // (A loop that catches KeyboardInterrupt is not enough: the stopper asks again and again, and an interrupt that lands
  // between its `except` and its next `try` ends it.)
  {
    name: 'a timer callback that ignores every interrupt',
    code: leftover('import signal\ndef spin():\n    signal.signal(signal.SIGINT, lambda *_: None)\n    while True:\n        pass\n', 'create_proxy(spin)'),
    leftover: { starts: 'soon', next: TAKEN_OVER },
    state: 'lost',
  },
]

export const LEFTOVER_CORPUS: FaultCase[] = LEFTOVERS.map((fault) => ({ group: 'leftover', outcome: OK, output: SCHEDULED, state: 'kept', ...fault }))
