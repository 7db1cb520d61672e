// The structure figures of issue 16, for a checkout: import circles in src/ (between files, runtime imports and with
// type imports too, and between folders: features/<area>, sync/core and each other top folder), files over 250
// lines, and functions over 40 lines (TypeScript, Vue scripts and the SQL functions of supabase/migrations; tests
// left out). Read-only. structure.test.ts holds the tree to no circle; the command prints the figures and lists:
//
//   npx tsx tests/audit/structure.ts [checkout]      (default: this one)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseSfc } from '@vue/compiler-sfc'
import ts from 'typescript'

const FILE_LINES = 250
const FUNCTION_LINES = 40

type Graph = Map<string, string[]>

export interface Structure {
  /** Each circle as the files (or folders) in it, relative to the checkout. */
  circles: { files: string[][]; filesWithTypes: string[][]; folders: string[][] }
  longFiles: string[]
  longFunctions: string[]
}

function walk(dir: string, exts: string[]): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules') return []
    if (statSync(path).isDirectory()) return walk(path, exts)
    return exts.some((e) => name.endsWith(e)) ? [path] : []
  })
}

/** The TypeScript of a file: a .vue file's <script> and <script setup>, each with the line it starts on. */
function scripts(file: string): { code: string; line: number }[] {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return [{ code: text, line: 1 }]
  const { descriptor } = parseSfc(text, { filename: file })
  return [descriptor.script, descriptor.scriptSetup].filter((s) => s !== null)
    .map((s) => ({ code: s.content, line: s.loc.start.line }))
}

const isTest = (f: string) => f.endsWith('.test.ts')

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined
  const base = resolve(dirname(from), spec)
  return [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile())
}

/** Relative imports of each file (static, re-exports and `import('…')`); with `types`, type-only ones too. */
function importGraph(files: string[], types: boolean): Graph {
  const graph: Graph = new Map()
  for (const file of files) {
    const deps: string[] = []
    for (const { code } of scripts(file)) {
      const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true)
      sf.forEachChild((n) => {
        if (!(ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) || !n.moduleSpecifier || !ts.isStringLiteral(n.moduleSpecifier)) return
        const typeOnly = ts.isImportDeclaration(n) ? n.importClause?.isTypeOnly === true : n.isTypeOnly
        const to = types || !typeOnly ? resolveImport(file, n.moduleSpecifier.text) : undefined
        if (to) deps.push(to)
      })
      for (const m of code.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
        const to = resolveImport(file, m[1] ?? '')
        if (to) deps.push(to)
      }
    }
    graph.set(file, deps)
  }
  return graph
}

/** The graph between folders of src: features/<area>, sync/core, each other top folder ('.' for src itself). */
function folderGraph(src: string, files: Graph): Graph {
  const folder = (f: string) => {
    const [top = '', area] = relative(src, dirname(f)).split('/')
    return top === 'features' || (top === 'sync' && area === 'core') ? `${top}/${area}` : top || '.'
  }
  const graph: Graph = new Map()
  for (const [file, deps] of files) {
    const from = folder(file)
    graph.set(from, [...graph.get(from) ?? [], ...deps.map(folder).filter((to) => to !== from)])
  }
  return graph
}

/** The circles of a graph: its strongly connected components of more than one node, or a node importing itself. */
function circles(graph: Graph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component)
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return out
}

function longFunctionsIn(file: string, rel: string): string[] {
  const out: string[] = []
  if (file.endsWith('.sql')) {
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.forEach((line, i) => {
      const name = /^create (?:or replace )?function ([\w.]+)/.exec(line)?.[1]
      if (!name) return
      let open = i
      while (open < lines.length && !/\bas \$\$/.test(lines[open] ?? '')) open++
      if (/\bas \$\$.*\$\$/.test(lines[open] ?? '')) return // a one-line body
      let close = open + 1
      while (close < lines.length && !/^\s*\$\$/.test(lines[close] ?? '')) close++
      if (close - open - 1 > FUNCTION_LINES) out.push(`${rel}:${i + 1} ${name} (${close - open - 1})`)
    })
    return out
  }
  for (const { code, line } of scripts(file)) {
    const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true)
    const visit = (n: ts.Node) => {
      if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
        const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line
        const length = sf.getLineAndCharacterOfPosition(n.getEnd()).line - start + 1
        const name = (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name ? n.name.getText(sf)
          : ts.isVariableDeclaration(n.parent) ? n.parent.name.getText(sf) : '(anonymous)'
        if (length > FUNCTION_LINES) out.push(`${rel}:${start + line} ${name} (${length})`)
      }
      n.forEachChild(visit)
    }
    visit(sf)
  }
  return out
}

export function structureOf(checkout: string): Structure {
  const src = join(checkout, 'src')
  const rel = (f: string) => relative(checkout, f)
  const sources = walk(src, ['.ts', '.vue']).filter((f) => !f.endsWith('.d.ts') && !isTest(f))
  const files = importGraph(sources, false)
  const filesWithTypes = importGraph(sources, true)
  const code = [...sources, ...walk(join(checkout, 'supabase'), ['.sql', '.ts']).filter((f) => !isTest(f))]
  const lineCount = (f: string) => readFileSync(f, 'utf8').split('\n').length
  return {
    circles: {
      files: circles(files).map((c) => c.map(rel)),
      filesWithTypes: circles(filesWithTypes).map((c) => c.map(rel)),
      folders: circles(folderGraph(src, filesWithTypes)),
    },
    longFiles: code.filter((f) => lineCount(f) > FILE_LINES).map((f) => `${rel(f)} (${lineCount(f)})`),
    longFunctions: code.flatMap((f) => longFunctionsIn(f, rel(f))),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const checkout = resolve(process.argv[2] ?? '.')
  const s = structureOf(checkout)
  console.log(`structure of ${checkout}`)
  console.table({
    'import circles between files of src (runtime imports)': s.circles.files.length,
    'import circles between files of src (type imports too)': s.circles.filesWithTypes.length,
    'import circles between folders of src': s.circles.folders.length,
    [`files over ${FILE_LINES} lines (src, supabase; not tests)`]: s.longFiles.length,
    [`functions over ${FUNCTION_LINES} lines (TS, Vue scripts, SQL; not tests)`]: s.longFunctions.length,
  })
  for (const c of s.circles.files) console.log(`circle: ${c.join(' → ')}`)
  for (const c of s.circles.filesWithTypes) console.log(`circle, type imports too: ${c.join(' → ')}`)
  for (const c of s.circles.folders) console.log(`circle between folders: ${c.join(' → ')}`)
  for (const f of s.longFiles) console.log(`long file: ${f}`)
  for (const f of s.longFunctions) console.log(`long function: ${f}`)
}
