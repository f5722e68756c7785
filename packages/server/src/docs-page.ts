// GET /docs: a self-contained HTML reference rendered from the OpenAPI document (no scripts, no
// CDN, so it works offline): every route with its summary, description, parameters and answers.
type Operation = {
  summary?: string
  description?: string
  tags?: string[]
  parameters?: { name: string; in: string; required?: boolean; description?: string }[]
  requestBody?: unknown
  responses?: Record<string, { description?: string }>
}

type OpenApiDocument = {
  info: { title: string; version: string; description?: string }
  paths?: object
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function renderOperation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})${p.description ? ` – ${escape(p.description)}` : ''}</li>`,
    )
    .join('')
  const answers = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><code>${escape(status)}</code> ${escape(r.description ?? '')}</li>`)
    .join('')
  return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p><strong>${escape(op.summary ?? '')}</strong></p>${op.description ? `<p>${escape(op.description)}</p>` : ''}
${params ? `<p>Parameters:</p><ul>${params}</ul>` : ''}${op.requestBody ? '<p>Takes a JSON body (schema in <a href="/openapi.json">/openapi.json</a>).</p>' : ''}
<p>Answers:</p><ul>${answers}</ul></section>`
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>()
  for (const [path, methods] of Object.entries(doc.paths ?? {}) as [
    string,
    Record<string, Operation>,
  ][]) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other'
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(method, path, op)])
    }
  }
  const body = [...byTag.entries()]
    .map(([tag, ops]) => `<h2>${escape(tag)}</h2>${ops.join('')}`)
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}code{background:#f4f4f4;padding:0 .2rem}
.m{font:bold 12px monospace;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#555}
.get{background:#2a7}.post{background:#27c}.put{background:#c80}.delete{background:#c33}</style></head>
<body><h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description ?? '')}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>${body}</body></html>`
}
