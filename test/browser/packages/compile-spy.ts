/**
 * Python that imports `modules` with a spy on the import system's compiler
 * and prints the sorted top-level names (under site-packages) whose sources
 * it compiled: `[]` when every module came from bytecode. Shared by the
 * bytecode tests on Pyodide 314 (test/browser) and 0.27.7 (test/science).
 */
export const compiledWhileImporting = (modules: string) => `
import importlib._bootstrap_external as bootstrap
compiled = set()
original = bootstrap.SourceLoader.source_to_code
def spy(self, data, path, *args, **kwargs):
    if '/site-packages/' in path:
        compiled.add(path.split('/site-packages/')[1].split('/')[0])
    return original(self, data, path, *args, **kwargs)
bootstrap.SourceLoader.source_to_code = spy
try:
    import ${modules}
finally:
    bootstrap.SourceLoader.source_to_code = original
print(sorted(compiled))
`
