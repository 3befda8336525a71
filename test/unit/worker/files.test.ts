import { describe, expect, test } from 'vitest'
import { changedFiles, restoreWorkingDirectory, snapshot, walk, WORKING_DIRECTORY } from '../../../worker/files.ts'

// A small stand-in for Emscripten's FS: paths to nodes, with the calls the walk makes.
type Node = { kind: 'dir' } | { kind: 'file'; data: Uint8Array; mtime: number } | { kind: 'link'; target: string }
const DIR = 0o040000
const FILE = 0o100000
const LINK = 0o120000

function fakeFS(paths: Record<string, Node>, cwd = WORKING_DIRECTORY) {
  const nodes = new Map(Object.entries(paths))
  const fail = (errno: number) => {
    throw { name: 'ErrnoError', errno } // what Emscripten throws: not an Error
  }
  const fs = {
    nodes,
    lstat(path: string) {
      const node = nodes.get(path) ?? fail(44)
      const mode = node.kind === 'dir' ? DIR : node.kind === 'file' ? FILE : LINK
      return { mode, size: node.kind === 'file' ? node.data.length : 0, mtime: new Date(node.kind === 'file' ? node.mtime : 0) }
    },
    readdir(path: string) {
      if (nodes.get(path)?.kind !== 'dir') fail(54)
      return ['.', '..', ...[...nodes.keys()].filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/')).map((p) => p.slice(path.length + 1))]
    },
    readFile(path: string) {
      const node = nodes.get(path)
      return node?.kind === 'file' ? node.data : fail(44)
    },
    isDir: (mode: number) => mode === DIR,
    isFile: (mode: number) => mode === FILE,
    analyzePath: (path: string) => ({ exists: nodes.has(path) }),
    mkdirTree(path: string) {
      nodes.set(path, { kind: 'dir' })
    },
    unlink(path: string) {
      nodes.delete(path)
    },
    cwd: () => cwd,
    chdir(path: string) {
      cwd = path
    },
  }
  return fs as unknown as Parameters<typeof walk>[0] & { nodes: Map<string, Node> }
}

const file = (text: string, mtime = 1): Node => ({ kind: 'file', data: new TextEncoder().encode(text), mtime })
const W = WORKING_DIRECTORY

describe('the working-directory walk', () => {
  test('lists regular files in name order, skipping hidden entries, links and special files', () => {
    const fs = fakeFS({
      [W]: { kind: 'dir' },
      [`${W}/b.txt`]: file('b'),
      [`${W}/a`]: { kind: 'dir' },
      [`${W}/a/c.csv`]: file('c'),
      [`${W}/.cache`]: { kind: 'dir' },
      [`${W}/.cache/x`]: file('x'),
      [`${W}/loop`]: { kind: 'link', target: 'loop' },
      [`${W}/root`]: { kind: 'link', target: '/' },
    })
    expect(walk(fs)).toEqual({ entries: [{ name: 'a/c.csv', size: 1, mtime: 1 }, { name: 'b.txt', size: 1, mtime: 1 }], problems: [] })
  })

  test('stops at the entry bound and the depth bound, and says so', () => {
    const many: Record<string, Node> = { [W]: { kind: 'dir' } }
    for (let i = 0; i < 30; i++) many[`${W}/f${String(i).padStart(2, '0')}`] = file('x')
    const bounded = walk(fakeFS(many), undefined, { maxEntries: 10, maxDepth: 32 })
    expect(bounded.entries).toHaveLength(10)
    expect(bounded.problems).toEqual(['The working directory holds more than 10 entries; only the first were checked for new files'])

    const deep: Record<string, Node> = { [W]: { kind: 'dir' } }
    let path = W
    for (let level = 0; level < 5000; level++) {
      path += '/d'
      deep[path] = { kind: 'dir' }
    }
    deep[`${W}/d/top.txt`] = file('top')
    const walked = walk(fakeFS(deep), undefined, { maxEntries: 20_000, maxDepth: 3 })
    expect(walked.entries.map((entry) => entry.name)).toEqual(['d/top.txt'])
    expect(walked.problems).toEqual(['Directories more than 3 levels deep were not checked for new files'])
  })

  test('a missing working directory is a problem in words, not a throw', () => {
    expect(walk(fakeFS({}))).toEqual({ entries: [], problems: ['The working directory /home/pyodide does not exist, so no files came back'] })
  })

  test('a file that cannot be read back is omitted with a reason, not thrown', () => {
    const fs = fakeFS({ [W]: { kind: 'dir' }, [`${W}/gone.txt`]: file('x') })
    const after = walk(fs)
    fs.nodes.delete(`${W}/gone.txt`)
    const changed = changedFiles(fs, snapshot({ entries: [], problems: [] }), after, { maxFiles: 10, maxFileBytes: 100, maxTotalBytes: 100 }, new Map([[44, 'ENOENT']]))
    expect(changed.files).toEqual([])
    expect(changed.omitted).toEqual([{ name: 'gone.txt', size: 1 }])
    expect(changed.problems).toEqual(['gone.txt could not be read back: file-system error ENOENT 44'])
  })
})

describe('restoreWorkingDirectory', () => {
  test('leaves a healthy working directory alone', () => {
    expect(restoreWorkingDirectory(fakeFS({ [W]: { kind: 'dir' } }))).toBeUndefined()
  })

  test('creates a deleted working directory again and moves the next run into it', () => {
    const fs = fakeFS({ '/': { kind: 'dir' } }, '/')
    expect(restoreWorkingDirectory(fs)).toBe('The working directory /home/pyodide was deleted; it has been created again, empty, and the next run starts in it')
    expect(fs.nodes.get(W)).toEqual({ kind: 'dir' })
    expect(fs.cwd()).toBe(W)
  })

  test('replaces a file or link put where the working directory was', () => {
    const fs = fakeFS({ [W]: { kind: 'link', target: '/' } }, '/')
    expect(restoreWorkingDirectory(fs)).toMatch(/was replaced by something that is not a directory; it has been created again/)
    expect(fs.nodes.get(W)).toEqual({ kind: 'dir' })
  })
})
