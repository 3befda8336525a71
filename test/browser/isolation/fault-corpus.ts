/**
 * Hostile and broken code, one case per way it can hurt the sandbox. Each case
 * says how its run must end and whether the interpreter must survive it;
 * `abuse.test.ts` runs them all in one sandbox, each followed by a run that
 * must work. What is pinned is what Chromium and Pyodide 314 actually do.
 *
 * Cases that replace the worker cost a cold start each, so there are few of
 * them here: `test/browser/sandbox/deadline.test.ts` already covers js.close(),
 * a ctypes fault, a loop that swallows KeyboardInterrupt and time.sleep in both
 * browser projects, and the walk's bounds are unit-tested (test/unit/worker/files.test.ts).
 */
import type { Outcome, RunResult } from '../../../src/index.ts'
import { LEFTOVER_CORPUS } from './leftover-corpus.ts'

export type FaultGroup = 'memory' | 'recursion' | 'crash' | 'wait' | 'exit' | 'flood' | 'source' | 'files' | 'dunder' | 'leftover'

/** Whether variables from earlier runs must still be there after the case. */
export type StateExpectation = 'kept' | 'lost' | 'either'

export interface FaultCase {
  group: FaultGroup
  name: string
  code: string
  /** How the run must end; several when the platform may decide either way. */
  outcome: Outcome | Outcome[]
  /** `error.type` of a failed run, when it is known. */
  error?: string | RegExp
  /** Something `output` must match. */
  output?: RegExp
  state: StateExpectation
  /** The run's deadline. Default: the corpus's 3 s. */
  timeoutMs?: number
  /** Assert that the page ran its own timers while this (long) run went on. */
  watchPage?: boolean
  /** Further checks on the result. */
  check?: (result: RunResult) => void
  /**
   * Run after the case, before the next run is checked (for a leftover, after):
   * removes what would slow the cases after it.
   */
  cleanup?: string
  /**
   * The case leaves work running after its run (leftover-corpus.ts): the run
   * after it is the one checked, and what it must say (`next`). `starts`: how
   * the test knows the leftover has started, `'soon'` (a timer 100 ms after the
   * run, waited for generously) or `'marked'` (it writes `leftover-fired` when done).
   */
  leftover?: { starts: 'soon' | 'marked'; next?: RegExp }
}

const OK = 'OUTCOME_OK'
const FAILED = 'OUTCOME_FAILED'
const DEADLINE = 'OUTCOME_DEADLINE_EXCEEDED'
/** Loops that only a deadline ends get a short one. */
const SHORT = 1_000
/**
 * Cases that end on their own, but only after a lot of interpreter work, get
 * room beyond the corpus's 3 s: 1–2 s alone, they took 2.9–3.8 s when all of
 * npm test's browsers ran at once, and then ended at the deadline instead.
 */
const ROOMY = 15_000

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

const nested = (depth: number) => `x = ${'['.repeat(depth)}${']'.repeat(depth)}\nprint("parsed")`
const removeTree = (path: string) => `import shutil\nshutil.rmtree(${JSON.stringify(path)}, ignore_errors=True)`

export const FAULT_CORPUS: FaultCase[] = [
  // --- memory -----------------------------------------------------------------------------------
  { group: 'memory', name: 'a 2 GiB bytearray (wasm32 cannot index it)', code: 'data = bytearray(2**31)', outcome: FAILED, error: 'OverflowError', state: 'kept' },
  { group: 'memory', name: 'a bytearray just under 2 GiB', code: 'data = bytearray(2**31 - 1)', outcome: FAILED, error: 'MemoryError', state: 'kept' },
  // Filling the heap means writing every byte of it, which a loaded machine does slowly: what is guaranteed is that the
  // run ends, at MemoryError or at its deadline, and says truly whether the interpreter survived (a starved worker can
  // take longer than the grace period over one 64 MiB block, and is then replaced).
  { group: 'memory', name: 'a list of 64 MiB blocks that grows without end', code: 'hoard = []\nwhile True:\n    hoard.append(bytearray(64 * 2**20))', outcome: [FAILED, DEADLINE], error: /^(MemoryError|TimeoutError)$/, state: 'either', watchPage: true, timeoutMs: 20_000, cleanup: 'hoard = None' },
  { group: 'memory', name: 'a list of a billion pointers', code: 'x = [0] * 10**9', outcome: FAILED, error: 'MemoryError', state: 'kept' },
  { group: 'memory', name: 'a string doubled past the heap', code: 's = "x" * 2**29\nwhile True:\n    s = s + s', outcome: FAILED, error: /^(MemoryError|OverflowError)$/, state: 'kept', timeoutMs: 20_000, cleanup: 's = None' },
  { group: 'memory', name: 'bytes repeated in C to 4 GiB', code: 'data = bytes(2**28) * 16', outcome: FAILED, error: /^(MemoryError|OverflowError)$/, state: 'kept' },

  // --- recursion and nesting --------------------------------------------------------------------
  { group: 'recursion', name: 'unbounded recursion', code: 'def f():\n    return f()\nf()', outcome: FAILED, error: 'RecursionError', state: 'kept', timeoutMs: ROOMY },
  { group: 'recursion', name: 'a valid 199-deep nested list literal', code: nested(199), outcome: OK, output: /^parsed\n$/, state: 'kept' },
  { group: 'recursion', name: 'a 5000-deep nested list literal', code: nested(5000), outcome: FAILED, error: 'SyntaxError', output: /too many nested parentheses/, state: 'kept' },
  { group: 'recursion', name: 'eval of a 100 000-deep expression', code: 'eval("(" * 100_000 + ")" * 100_000)', outcome: FAILED, error: /^(SyntaxError|RecursionError|MemoryError)$/, state: 'kept' },
  // Deep recursion in C overflows the browser's own stack before Python's guard sees it: the worker is replaced.
  { group: 'recursion', name: 'repr of a list nested 100 000 deep, as the last expression', code: 'x = []\nfor _ in range(100_000):\n    x = [x]\nx', outcome: [OK, FAILED], error: /^(RuntimeCrash)$/, output: /fatal error \(Maximum call stack size exceeded\)/, state: 'either' },
  { group: 'recursion', name: '__getattr__ that asks itself', code: 'class A:\n    def __getattr__(self, name):\n        return self.missing\nA().anything', outcome: FAILED, error: 'RecursionError', state: 'kept', timeoutMs: ROOMY },
  { group: 'recursion', name: 'a thousand chained exceptions', code: 'error = None\nfor i in range(1_000):\n    try:\n        raise ValueError(i) from error\n    except ValueError as caught:\n        error = caught\nraise error', outcome: FAILED, error: 'ValueError', output: /^\[A chain of more than 50 exceptions led to this one; only the last is shown\.\]\n\nTraceback/, state: 'kept', check: (r) => expectErrorWithinLimit(r) },

  // --- crashes of every kind ----------------------------------------------------------------------
  { group: 'crash', name: 'ctypes reads outside WebAssembly memory', code: 'import ctypes\nctypes.string_at(0xFFFFFFF0, 64)', outcome: FAILED, error: 'RuntimeCrash', output: /fatal error \(memory access out of bounds\)/, state: 'lost' },
  { group: 'crash', name: 'ctypes calls a bad function pointer', code: 'import ctypes\nctypes.CFUNCTYPE(ctypes.c_int)(12345)()', outcome: [OK, FAILED], state: 'either' },
  { group: 'crash', name: 'a JavaScript exception raised into Python', code: 'import js\njs.JSON.parse("{")', outcome: FAILED, error: 'JsException', output: /SyntaxError/, state: 'kept' },
  { group: 'crash', name: 'a Python exception in a JS timer after the run', code: 'import js\nfrom pyodide.ffi import create_once_callable\njs.setTimeout(create_once_callable(lambda: 1 / 0), 0)\nprint("armed")', outcome: OK, output: /^armed\n$/, state: 'kept' },
  { group: 'crash', name: 'an unhandled promise rejection', code: 'import js\njs.Promise.reject(js.Error.new("nobody listens"))\nprint("rejected")', outcome: OK, state: 'kept' },
  { group: 'crash', name: 'a thread is started', code: 'import threading\nthreading.Thread(target=print).start()', outcome: FAILED, error: 'RuntimeError', state: 'kept' },
  { group: 'crash', name: 'a process pool is started', code: 'import multiprocessing\nmultiprocessing.Pool(2)', outcome: FAILED, error: /^(OSError|ImportError|ModuleNotFoundError|NotImplementedError)$/, state: 'kept', timeoutMs: ROOMY },

  // --- waits and loops in Python, C and JS --------------------------------------------------------
  { group: 'wait', name: 'while True: pass', code: 'while True:\n    pass', outcome: DEADLINE, state: 'kept', timeoutMs: SHORT },
  { group: 'wait', name: 'input() with no keyboard', code: 'input("name? ")', outcome: FAILED, error: 'EOFError', output: /stdin is not available/, state: 'kept' },
  { group: 'wait', name: 'a C loop that never checks for signals (sum over a huge range)', code: 'sum(range(10**18))', outcome: DEADLINE, state: 'either', timeoutMs: SHORT },
  { group: 'wait', name: 'catastrophic regex backtracking', code: 'import re\nre.match(r"(a+)+$", "a" * 64 + "b")', outcome: DEADLINE, state: 'either', timeoutMs: SHORT },
  { group: 'wait', name: 'big-number arithmetic', code: 'n = 10**9\nx = 3 ** n', outcome: DEADLINE, state: 'either', timeoutMs: SHORT },
  { group: 'wait', name: 'int to str beyond the digit limit', code: 'str(10**100_000)', outcome: FAILED, error: 'ValueError', output: /Exceeds the limit/, state: 'kept' },
  { group: 'wait', name: 'a coroutine that yields forever', code: 'import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\nawait spin()', outcome: DEADLINE, state: 'either', timeoutMs: SHORT },
  { group: 'wait', name: 'await a JS promise that never settles', code: 'import js\nawait js.Promise.new(lambda resolve, reject: None)', outcome: DEADLINE, state: 'either', timeoutMs: SHORT },

  // --- exits and signals --------------------------------------------------------------------------
  { group: 'exit', name: 'sys.exit(0)', code: 'import sys\nprint("bye")\nsys.exit(0)', outcome: FAILED, error: 'SystemExit', output: /^bye\n/, state: 'kept' },
  { group: 'exit', name: 'sys.exit with a message', code: 'import sys\nsys.exit("fatal: no input")', outcome: FAILED, error: 'SystemExit', output: /fatal: no input/, state: 'kept' },
  { group: 'exit', name: 'exit() and quit()', code: 'quit()', outcome: FAILED, error: 'SystemExit', state: 'kept' },
  { group: 'exit', name: 'os._exit(3)', code: 'import os\nos._exit(3)', outcome: FAILED, error: /^(SystemExit|RuntimeCrash)$/, state: 'either' },
  { group: 'exit', name: 'raise KeyboardInterrupt', code: 'raise KeyboardInterrupt', outcome: FAILED, error: 'KeyboardInterrupt', state: 'kept' },
  { group: 'exit', name: 'signal.raise_signal(SIGINT)', code: 'import signal\nsignal.raise_signal(signal.SIGINT)', outcome: FAILED, error: /^(KeyboardInterrupt|OSError|RuntimeCrash)$/, state: 'either' },
  { group: 'exit', name: 'an atexit handler and a SIGALRM alarm', code: 'import atexit, signal\natexit.register(print, "at exit")\nsignal.alarm(1)\nprint("set")', outcome: [OK, FAILED], state: 'kept' },

  // --- output and error floods --------------------------------------------------------------------
  { group: 'flood', name: '100 MB of prints', code: 'line = "x" * 999\nfor _ in range(100_000):\n    print(line)', outcome: OK, output: /\[output truncated: [\d,]+ more bytes were printed than the limit keeps\]/, state: 'kept', watchPage: true, check: (r) => expectTruncated(r), timeoutMs: ROOMY },
  { group: 'flood', name: 'one 50 MB print', code: 'print("y" * 50_000_000)', outcome: OK, state: 'kept', check: (r) => expectTruncated(r), timeoutMs: ROOMY },
  { group: 'flood', name: 'two hundred thousand prints without a newline', code: 'for i in range(200_000):\n    print(i, end="")', outcome: OK, state: 'kept', timeoutMs: 20_000, check: (r) => expectTruncated(r) },
  { group: 'flood', name: 'a flood of warnings on stderr', code: 'import warnings\nwarnings.simplefilter("always")\nfor i in range(20_000):\n    warnings.warn(f"warning {i}")', outcome: OK, state: 'kept', timeoutMs: 20_000, check: (r) => expectTruncated(r) },
  { group: 'flood', name: 'a 10 MB exception message', code: 'raise ValueError("x" * 10_000_000)', outcome: FAILED, error: 'ValueError', output: /\[traceback cut: [\d,]+ more bytes than the output limit/, state: 'kept', check: (r) => expectErrorWithinLimit(r) },
  { group: 'flood', name: 'an exception group a hundred wide and deep', code: 'e = ValueError(0)\nfor i in range(100):\n    e = ExceptionGroup(f"level {i}", [e, *[ValueError(j) for j in range(100)]])\nraise e', outcome: FAILED, error: 'ExceptionGroup', output: /and \d+ more exceptions/, state: 'kept', check: (r) => expectErrorWithinLimit(r) },
  { group: 'flood', name: 'raw bytes that are not UTF-8', code: 'import sys\nsys.stdout.buffer.write(bytes(range(256)) * 1000)\nsys.stdout.flush()', outcome: OK, state: 'kept' },
  { group: 'flood', name: 'NUL and terminal control characters', code: 'print("a\\0b\\x1b[2J\\rc\\x07")', outcome: OK, output: /^a\0b\x1b\[2J\rc\x07\n$/, state: 'kept' },
  { group: 'flood', name: 'a 10 MB value as the last expression', code: '"z" * 10_000_000', outcome: OK, state: 'kept', check: (r) => expectDisplay(r, /^'z{9999}\.\.\. \[10,000,002 more characters\]|more characters\]$/) },
  { group: 'flood', name: 'five thousand images', code: `import base64\npng = base64.b64decode("${PNG_1X1}")\nfor _ in range(5000):\n    display(png)`, outcome: OK, output: /4,?990 images were not returned/, state: 'kept' },

  // --- odd source text ------------------------------------------------------------------------------
  { group: 'source', name: 'empty code', code: '', outcome: OK, output: /^$/, state: 'kept' },
  { group: 'source', name: 'only blank lines and a comment', code: '\n\n   \n# nothing\n', outcome: OK, output: /^$/, state: 'kept' },
  { group: 'source', name: 'NUL bytes in the source', code: 'print(1)\0\0', outcome: FAILED, error: 'SyntaxError', output: /null bytes/, state: 'kept' },
  { group: 'source', name: '5 MB of code', code: `x = 1\n${'y = [1, 2, 3]  # filler\n'.repeat(200_000)}`, outcome: FAILED, error: 'SourceTooLarge', output: /over this sandbox's limit of 1,048,576 bytes per run/, state: 'kept' },
  { group: 'source', name: 'a megabyte of code just under the limit', code: `${'# comment\n'.repeat(100_000)}print("ran")`, outcome: OK, output: /^ran\n$/, state: 'kept', timeoutMs: 20_000 },
  { group: 'source', name: 'a 500 kB line', code: `s = "${'a'.repeat(500_000)}"\nprint(len(s))`, outcome: OK, output: /^500000\n$/, state: 'kept' },
  { group: 'source', name: 'a lone UTF-16 surrogate', code: 'print("\ud800")', outcome: [OK, FAILED], state: 'kept' },
  { group: 'source', name: 'a byte-order mark before the code', code: '\ufeffprint("bom")', outcome: [OK, FAILED], state: 'kept' },
  { group: 'source', name: 'C source', code: '#include <stdio.h>\nint main(void) { printf("hi"); return 0; }', outcome: FAILED, error: 'SyntaxError', state: 'kept' },
  { group: 'source', name: 'JavaScript that happens to parse as Python', code: 'console.log("hi")', outcome: FAILED, error: 'NameError', state: 'kept' },
  { group: 'source', name: 'a Markdown code fence around the code', code: '```python\nprint(1)\n```', outcome: FAILED, error: 'SyntaxError', state: 'kept' },
  { group: 'source', name: 'Python 2', code: 'print "hello"', outcome: FAILED, error: 'SyntaxError', output: /Did you mean print/, state: 'kept' },
  { group: 'source', name: 'tabs and spaces mixed', code: 'if True:\n        x = 1\n\ty = 2', outcome: FAILED, error: /^(TabError|IndentationError)$/, state: 'kept' },
  { group: 'source', name: 'from __future__ import braces', code: 'from __future__ import braces', outcome: FAILED, error: 'SyntaxError', output: /not a chance/, state: 'kept' },

  // --- file-system abuse ----------------------------------------------------------------------------
  { group: 'files', name: 'a symlink loop in the working directory', code: 'import os\nos.symlink("loop", "loop")\nos.symlink("a", "b")\nos.symlink("b", "a")\nprint("made")', outcome: OK, output: /^made\n$/, state: 'kept', cleanup: 'import os\nfor name in ("loop", "a", "b"):\n    os.unlink(name)' },
  { group: 'files', name: 'a symlink to / and to /dev/zero', code: 'import os\nos.symlink("/", "root")\nos.symlink("/dev/zero", "zero")\nprint("linked")', outcome: OK, output: /^linked\n$/, state: 'kept', cleanup: 'import os\nos.unlink("root")\nos.unlink("zero")' },
  { group: 'files', name: 'deleting the working directory', code: 'import os, shutil\nos.chdir("/")\nshutil.rmtree("/home/pyodide")\nprint("deleted")', outcome: OK, output: /^deleted\n\n\[The working directory \/home\/pyodide was deleted; it has been created again, empty, and the next run starts in it\]\n$/, state: 'kept' },
  { group: 'files', name: 'replacing the working directory with a file', code: `import os\nos.chdir("/")\n${removeTree('/home/pyodide')}\nopen("/home/pyodide", "w").write("not a directory")`, outcome: OK, output: /was replaced by something that is not a directory; it has been created again/, state: 'kept' },
  { group: 'files', name: 'renaming the working directory away', code: 'import os\nos.chdir("/")\nos.rename("/home/pyodide", "/tmp/moved")', outcome: OK, output: /The working directory \/home\/pyodide was deleted; it has been created again/, state: 'kept', cleanup: removeTree('/tmp/moved') },
  // The file system refuses to remove the current directory (EBUSY), so a run cannot pull it from under the next.
  { group: 'files', name: 'deleting the current directory from inside it', code: 'import os\nos.makedirs("/tmp/inside", exist_ok=True)\nos.chdir("/tmp/inside")\nos.rmdir("/tmp/inside")', outcome: FAILED, error: 'OSError', output: /Resource busy/, state: 'kept', cleanup: 'import os\nos.chdir("/home/pyodide")\nos.rmdir("/tmp/inside")' },
  { group: 'files', name: 'a directory tree 100 levels deep', code: 'import os\nos.makedirs("/".join(["deep"] * 100))\nopen("deep/top.txt", "w").write("top")', outcome: OK, output: /more than 32 levels deep were not checked/, state: 'kept', check: (r) => expectFiles(r, ['deep/top.txt']), cleanup: removeTree('deep') },
  { group: 'files', name: 'five thousand files', code: 'for i in range(5000):\n    open(f"file_{i}.txt", "w").write("x")', outcome: OK, state: 'kept', check: (r) => expectFileCount(r, 5000), cleanup: 'import glob, os\nfor name in glob.glob("file_*.txt"):\n    os.remove(name)', timeoutMs: ROOMY },
  { group: 'files', name: 'a 64 MiB file, over the 20 MiB a file that comes back', code: 'with open("huge.bin", "wb") as f:\n    f.write(bytes(64 * 2**20))', outcome: OK, state: 'kept', check: (r) => expectNotReturned(r, 'huge.bin'), cleanup: 'import os\nos.remove("huge.bin")' },
  { group: 'files', name: 'a file no one may read', code: 'import os\nopen("secret.txt", "w").write("x")\nos.chmod("secret.txt", 0)', outcome: OK, state: 'kept', cleanup: 'import os\nos.chmod("secret.txt", 0o644)\nos.remove("secret.txt")' },
  { group: 'files', name: 'a named pipe and a device node', code: 'import os, stat\nfor make in (lambda: os.mkfifo("pipe"), lambda: os.mknod("node", stat.S_IFCHR | 0o666, os.makedev(1, 3))):\n    try:\n        make()\n    except (OSError, AttributeError) as error:\n        print(type(error).__name__)', outcome: OK, state: 'kept', cleanup: 'import os\nfor name in ("pipe", "node"):\n    os.path.lexists(name) and os.remove(name)' },
  { group: 'files', name: 'closing and redirecting file descriptors 1 and 2', code: 'import os\nfd = os.open("/tmp/captured.txt", os.O_WRONLY | os.O_CREAT)\nos.dup2(fd, 2)\nos.close(1)', outcome: [OK, FAILED], state: 'kept' },
  { group: 'files', name: 'closing sys.stdout and replacing sys.stderr', code: 'import sys\nsys.stdout.close()\nsys.stderr = None', outcome: OK, state: 'kept' },

  // --- dunder methods that misbehave ----------------------------------------------------------------
  { group: 'dunder', name: 'an exception whose __str__ raises', code: 'class E(Exception):\n    def __str__(self):\n        raise ValueError("no")\nraise E()', outcome: FAILED, error: 'E', output: /\nE: <exception str\(\) failed>\n$/, state: 'kept', check: (r) => expectMessage(r, '<unprintable E object: str() raised ValueError>') },
  { group: 'dunder', name: 'an exception whose __str__ loops', code: 'class E(Exception):\n    def __str__(self):\n        while True:\n            pass\nraise E()', outcome: DEADLINE, state: 'kept', timeoutMs: SHORT },
  { group: 'dunder', name: 'an exception whose __str__ raises SystemExit', code: 'class E(Exception):\n    def __str__(self):\n        raise SystemExit(1)\nraise E()', outcome: FAILED, error: 'E', output: /<unprintable E object: str\(\) was stopped by SystemExit>/, state: 'kept' },
  { group: 'dunder', name: 'an exception whose __str__ returns a number', code: 'class E(Exception):\n    def __str__(self):\n        return 42\nraise E()', outcome: FAILED, error: 'E', state: 'kept', check: (r) => expectMessage(r, '<unprintable E object: str() raised TypeError>') },
  { group: 'dunder', name: 'an exception whose __str__ returns a str subclass that misbehaves', code: 'class S(str):\n    def __str__(self):\n        raise ValueError("no")\n    def __len__(self):\n        raise ValueError("no")\nclass E(Exception):\n    def __str__(self):\n        return S("subclass text")\nraise E()', outcome: FAILED, error: 'E', output: /\nE: <exception str\(\) failed>\n$/, state: 'kept', check: (r) => expectMessage(r, 'subclass text') },
  { group: 'dunder', name: 'an exception whose every attribute raises', code: 'class E(Exception):\n    def __getattribute__(self, name):\n        raise RuntimeError(name)\nraise E()', outcome: FAILED, error: 'E', state: 'kept' },
  { group: 'dunder', name: 'the traceback module broken by the code', code: 'import traceback\ntraceback.format_exception = traceback.format_tb = None\n1 / 0', outcome: FAILED, error: 'ZeroDivisionError', output: /ZeroDivisionError: division by zero/, state: 'kept', cleanup: 'import importlib, traceback\nimportlib.reload(traceback)' },
  { group: 'dunder', name: 'a value whose __repr__ raises', code: 'class V:\n    def __repr__(self):\n        raise ValueError("no")\nV()', outcome: OK, state: 'kept', check: (r) => expectDisplay(r, /^<repr failed: ValueError>$/) },
  { group: 'dunder', name: 'a value whose __repr__ loops', code: 'class V:\n    def __repr__(self):\n        while True:\n            pass\nV()', outcome: DEADLINE, state: 'kept', timeoutMs: SHORT },
  { group: 'dunder', name: 'a __del__ that raises', code: 'class D:\n    def __del__(self):\n        raise ValueError("in __del__")\nd = D()\ndel d\nprint("after")', outcome: OK, output: /^after\n/, state: 'kept', check: (r) => expectStderr(r, /Exception ignored/) },
  { group: 'dunder', name: 'a __del__ that loops', code: 'class D:\n    def __del__(self):\n        while True:\n            pass\nd = D()\ndel d', outcome: DEADLINE, state: 'kept', timeoutMs: SHORT },
  { group: 'dunder', name: 'an __eq__ that raises', code: 'class Q:\n    def __eq__(self, other):\n        raise ValueError("incomparable")\nQ() in [1, 2, 3]', outcome: FAILED, error: 'ValueError', state: 'kept' },
  { group: 'dunder', name: 'an __eq__ that loops', code: 'class Q:\n    def __eq__(self, other):\n        while True:\n            pass\nQ() == 1', outcome: DEADLINE, state: 'kept', timeoutMs: SHORT },
  { group: 'dunder', name: 'a __hash__ that raises', code: 'class H:\n    def __hash__(self):\n        raise TypeError("unhashable today")\n{H(): 1}', outcome: FAILED, error: 'TypeError', state: 'kept' },
  { group: 'dunder', name: 'a __bool__ that raises', code: 'class B:\n    def __bool__(self):\n        raise RuntimeError("neither")\nif B():\n    pass', outcome: FAILED, error: 'RuntimeError', state: 'kept' },
  { group: 'dunder', name: 'a __format__ that loops inside an f-string', code: 'class F:\n    def __format__(self, spec):\n        while True:\n            pass\nf"{F()}"', outcome: DEADLINE, state: 'kept', timeoutMs: SHORT },
  { group: 'dunder', name: 'sys.excepthook and sys.displayhook replaced by functions that raise', code: 'import sys\ndef broken(*args):\n    raise RuntimeError("hook")\nsys.excepthook = sys.displayhook = broken\n1 / 0', outcome: FAILED, error: 'ZeroDivisionError', state: 'kept' },

  // --- work left running after the run: timers, promises, tasks, listeners (last: they run between runs) ------
  ...LEFTOVER_CORPUS,
]

// --- checks shared by several cases ---------------------------------------------------------------

function fail(message: string): never {
  throw new Error(message)
}

function expectDisplay(result: RunResult, pattern: RegExp): void {
  if (!pattern.test(result.displayValue ?? '')) fail(`displayValue ${JSON.stringify(result.displayValue?.slice(0, 200))} does not match ${pattern}`)
}

function expectMessage(result: RunResult, message: string): void {
  if (result.error?.message !== message) fail(`error.message is ${JSON.stringify(result.error?.message)}, not ${JSON.stringify(message)}`)
}

function expectStderr(result: RunResult, pattern: RegExp): void {
  if (!pattern.test(result.stderr)) fail(`stderr ${JSON.stringify(result.stderr.slice(0, 200))} does not match ${pattern}`)
}

function expectTruncated(result: RunResult): void {
  if (!result.truncated) fail('the output was not marked as truncated')
  if (result.stdout.length + result.stderr.length > 64 * 1024) fail('more output than the limit came back')
}

/** The message and the traceback are each cut to the output limit (64 KiB), plus a note. */
function expectErrorWithinLimit(result: RunResult): void {
  const bytes = (text: string | undefined) => new TextEncoder().encode(text ?? '').length
  if (bytes(result.error?.message) > 64 * 1024 + 200) fail(`the error message is ${bytes(result.error?.message)} bytes`)
  if (bytes(result.error?.traceback) > 64 * 1024 + 200) fail(`the traceback is ${bytes(result.error?.traceback)} bytes`)
}

function expectFiles(result: RunResult, names: string[]): void {
  const returned = result.files.map((file) => file.name)
  for (const name of names) if (!returned.includes(name)) fail(`${name} did not come back (got ${returned.join(', ')})`)
}

function expectFileCount(result: RunResult, count: number): void {
  const seen = result.files.length + (result.omittedFiles?.length ?? 0)
  if (seen !== count) fail(`${seen} files were reported, not ${count}`)
}

function expectNotReturned(result: RunResult, name: string): void {
  if (result.files.some((file) => file.name === name)) fail(`${name} came back whole`)
}
