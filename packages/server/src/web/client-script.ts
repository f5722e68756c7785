// The web app's browser script, shipped as text inside the server package (no build step): it
// reads everything through the control API and Pleo's routes like any script would, follows
// /_sim/stream (read with fetch, so the admin token can go with it) and re-reads the view on each
// event instead of polling, and sends `Content-Type: application/json` on every change it asks
// for. Errors come back as {type, message} and are shown in words. Plain ES2017, no framework.
// Kept free of backticks and dollar-brace so it can live in this template literal.
export const webAppScript = String.raw`
'use strict'
;(function () {
  var config = window.FAKE_PLEO || {}
  var statuses = config.statuses || []
  var labels = {
    pending: 'pending', in_progress: 'in progress', completed: 'completed',
    completed_with_errors: 'completed with errors', failed: 'failed', expired: 'expired',
  }
  var state = {
    token: sessionStorage.getItem('fake-pleo-admin-token') || '',
    companies: [],
    companyId: localStorage.getItem('fake-pleo-company') || config.defaultCompanyId || '',
    clock: null,
    clockAt: 0,
    board: null,
    boardStatus: '',
    boardOffset: 0,
    job: null,
    journal: [],
    journalAfter: 0,
    faults: null,
    messages: null,
    subscriptions: null,
    secrets: {},
    blocked: false,
  }
  var $ = function (id) { return document.getElementById(id) }

  // h('tag.class', {attr: value, onclick: fn}, children...): builds DOM without innerHTML.
  function h(spec, attrs) {
    var parts = spec.split('.')
    var el = document.createElement(parts[0] || 'div')
    if (parts.length > 1) el.className = parts.slice(1).join(' ')
    var children = Array.prototype.slice.call(arguments, 2)
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key]
        if (value === undefined || value === null || value === false) return
        if (key.indexOf('on') === 0) el.addEventListener(key.slice(2), value)
        else if (key === 'text') el.textContent = value
        else el.setAttribute(key, value === true ? '' : String(value))
      })
    }
    append(el, children)
    return el
  }
  function append(el, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return
      if (Array.isArray(child)) append(el, child)
      else el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)))
    })
  }
  function statusTag(status) {
    return h('span.status.s-' + status, { 'data-status': status }, labels[status] || status)
  }
  function codeTag(code) {
    var cls = code === null ? 'code-5' : code < 400 ? 'code-ok' : code < 500 ? 'code-4' : 'code-5'
    return h('span.' + cls, null, code === null ? 'no answer' : String(code))
  }

  // ---- time on the virtual clock ----
  function virtualNow() {
    if (!state.clock) return Date.now()
    var moved = state.clock.mode === 'system' ? Date.now() - state.clockAt : 0
    return state.clock.nowMs + moved
  }
  function span(ms) {
    var neg = ms < 0
    var s = Math.floor(Math.abs(ms) / 1000)
    var d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600)
    var mm = Math.floor((s % 3600) / 60), ss = s % 60
    var text = d > 0 ? d + 'd ' + hh + 'h' : hh > 0 ? hh + 'h ' + mm + 'm' : mm > 0 ? mm + 'm ' + ss + 's' : ss + 's'
    return neg ? '-' + text : text
  }
  function ago(iso) { return iso ? span(virtualNow() - Date.parse(iso)) + ' ago' : '—' }
  function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—' }

  // ---- requests: the control API and Pleo's routes, same origin only ----
  function notice(text, isError) {
    var el = $('notice')
    el.textContent = text || ''
    el.className = isError ? 'error' : ''
  }
  function api(method, path, body, extraHeaders) {
    var headers = { Accept: 'application/json' }
    if (method !== 'GET') headers['Content-Type'] = 'application/json'
    if (path.indexOf('/_sim/') === 0 && state.token) headers.Authorization = 'Bearer ' + state.token
    Object.assign(headers, extraHeaders || {})
    return fetch(path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      return res.text().then(function (text) {
        var json = null
        try { json = text ? JSON.parse(text) : null } catch (e) { json = null }
        if (res.ok) return json
        if (res.status === 401 && path.indexOf('/_sim/') === 0) needToken(json)
        var err = new Error(json && json.message ? json.type + ': ' + json.message : 'HTTP ' + res.status)
        err.status = res.status
        err.body = json
        throw err
      })
    })
  }
  function fail(err) { notice(err.message || String(err), true) }
  function needToken(body) {
    state.blocked = true
    $('token-panel').hidden = false
    var why = state.token ? 'The token given was refused: ' : 'No admin token yet: '
    $('token-why').textContent = why + (body && body.message ? body.message : 'the control API answers 401.') +
      ' This page cannot show or change anything until you give it.'
    $('stream-state').textContent = 'live updates: off (no admin token)'
  }
  function companyKey() {
    var co = state.companies.filter(function (c) { return c.id === state.companyId })[0]
    return co && (co.apiKeys[0] || knownKeys()[co.id])
  }
  // Keys are kept by the fake only as hashes: a company's key is known from the answer that
  // created it, so the page remembers the keys of companies it created (for this tab).
  function knownKeys() {
    try { return JSON.parse(sessionStorage.getItem('fake-pleo-keys') || '{}') } catch (e) { return {} }
  }
  function rememberKey(companyId, apiKey) {
    var keys = knownKeys()
    keys[companyId] = apiKey
    try { sessionStorage.setItem('fake-pleo-keys', JSON.stringify(keys)) } catch (e) { /* private mode */ }
  }
  function pleo(method, path, body) {
    var key = companyKey()
    if (!key) return Promise.reject(new Error('This company has no API key.'))
    return api(method, path, body, { Authorization: 'Basic ' + btoa(key + ':') })
  }

  // ---- live updates: /_sim/stream read with fetch (so the admin token can go with it) ----
  var refreshTimer = null
  function scheduleRefresh() {
    if (refreshTimer) return
    refreshTimer = setTimeout(function () { refreshTimer = null; refresh() }, 100)
  }
  // The journal alone is re-read (its reads are not journaled, so this cannot feed itself; the
  // clock's would).
  var journalTimer = null
  function scheduleJournal() {
    if (journalTimer) return
    journalTimer = setTimeout(function () {
      journalTimer = null
      if (route().name === 'journal') loadView().then(render).catch(fail)
    }, 100)
  }
  function connectStream() {
    var headers = { Accept: 'text/event-stream' }
    if (state.token) headers.Authorization = 'Bearer ' + state.token
    var types = config.streamTypes ? '?types=' + encodeURIComponent(config.streamTypes) : ''
    fetch('/_sim/stream' + types, { headers: headers }).then(function (res) {
      if (!res.ok || !res.body) {
        $('stream-state').textContent = 'live updates: off (' + res.status + ')'
        if (res.status === 401) needToken(null)
        return
      }
      $('stream-state').textContent = 'live updates: on'
      var reader = res.body.getReader()
      var decoder = new TextDecoder()
      var buffer = ''
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('closed')
          buffer += decoder.decode(chunk.value, { stream: true })
          var cut
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            var message = buffer.slice(0, cut)
            buffer = buffer.slice(cut + 2)
            // A journaled request changes only the journal view; every other event may change any.
            if (/^event: journal\.appended/m.test(message)) {
              if (route().name === 'journal') scheduleJournal()
            } else if (/^event: /m.test(message)) scheduleRefresh()
            if (/^event: overflow/m.test(message)) throw new Error('overflow')
          }
          return pump()
        })
      }
      return pump()
    }).catch(function () {}).then(function () {
      if (state.blocked) return
      $('stream-state').textContent = 'live updates: reconnecting…'
      setTimeout(function () { connectStream(); scheduleRefresh() }, 1000)
    })
  }

  // ---- loading ----
  function loadClock() {
    return api('GET', '/_sim/clock').then(function (res) {
      state.clock = res.data
      state.clockAt = Date.now()
      renderClock()
    })
  }
  function loadCompanies() {
    return api('GET', '/_sim/companies').then(function (res) {
      var same = JSON.stringify(res.data) === JSON.stringify(state.companies)
      state.companies = res.data
      if (same && $('company').options.length) return
      var known = state.companies.some(function (c) { return c.id === state.companyId })
      if (!known) state.companyId = state.companies.length ? state.companies[0].id : ''
      renderCompanies()
    })
  }
  function loadBoard() {
    if (!state.companyId) return Promise.resolve()
    var q = '/_sim/board?companyId=' + state.companyId + '&offset=' + state.boardOffset + '&limit=50'
    if (state.boardStatus) q += '&status=' + state.boardStatus
    return api('GET', q).then(function (res) { state.board = res.data })
  }
  function route() {
    var hash = location.hash || '#/board'
    var m = /^#\/job\/([0-9a-fA-F-]{36})$/.exec(hash)
    if (m) return { name: 'job', id: m[1] }
    return { name: hash.slice(2) || 'board' }
  }
  function loadView() {
    var r = route()
    if (r.name === 'job') return api('GET', '/_sim/export-jobs/' + r.id).then(function (res) { state.job = res.data })
    if (r.name === 'faults') return api('GET', '/_sim/faults').then(function (res) { state.faults = res.data })
    if (r.name === 'journal') return loadJournal()
    if (r.name === 'webhooks') return loadWebhooks()
    return loadBoard()
  }
  function loadJournal() {
    return api('GET', '/_sim/journal?after=' + state.journalAfter + '&limit=1000').then(function (res) {
      state.journal = state.journal.concat(res.data).slice(-2000)
      if (res.data.length) state.journalAfter = res.data[res.data.length - 1].id
      if (res.data.length === 1000) return loadJournal()
    })
  }
  function loadWebhooks() {
    if (!state.companyId) return Promise.resolve()
    return Promise.all([
      api('GET', '/_sim/messages?companyId=' + state.companyId + '&limit=200'),
      pleo('GET', '/v1/subscriptions').catch(function (err) { return { error: err } }),
    ]).then(function (both) {
      state.messages = both[0].data
      state.subscriptions = both[1]
    })
  }
  var refreshing = null
  function refresh() {
    if (refreshing) { scheduleRefresh(); return refreshing }
    refreshing = Promise.all([loadClock(), loadView(), loadCompanies()]).then(function () {
      state.blocked = false
      $('token-panel').hidden = true
      render()
    }).catch(fail).then(function () { refreshing = null })
    return refreshing
  }
  function act(promise, done) {
    notice('')
    return promise.then(function (res) {
      if (done) notice(typeof done === 'function' ? done(res) : done)
      return refresh()
    }).catch(fail)
  }

  // ---- rendering ----
  function renderClock() {
    var c = state.clock
    if (!c) return
    var mode = c.mode === 'manual' ? 'manual clock (moves only when told)' : 'system clock (follows real time)'
    $('clock').textContent = 'Virtual time ' + when(new Date(virtualNow()).toISOString()) + ' · ' + mode
  }
  function renderCompanies() {
    var select = $('company')
    select.textContent = ''
    state.companies.forEach(function (c) {
      select.appendChild(h('option', { value: c.id, selected: c.id === state.companyId }, c.name + ' (' + c.id.slice(0, 8) + '…)'))
    })
  }
  function render() {
    var r = route()
    document.querySelectorAll('nav a').forEach(function (a) {
      var current = a.getAttribute('href') === '#/' + r.name || (r.name === 'job' && a.getAttribute('href') === '#/board')
      if (current) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    })
    var view = $('view')
    var focused = document.activeElement && document.activeElement.id
    view.textContent = ''
    var build = views[r.name] || views.board
    append(view, [build()])
    if (focused && $(focused)) $(focused).focus()
    tick()
  }
  function tick() {
    renderClock()
    document.querySelectorAll('[data-expires]').forEach(function (el) {
      var left = Date.parse(el.getAttribute('data-expires')) - virtualNow()
      el.textContent = left > 0 ? span(left) + ' left' : 'due now'
    })
    document.querySelectorAll('[data-since]').forEach(function (el) {
      el.textContent = ago(el.getAttribute('data-since'))
    })
  }

  var exportFormEl = null
  function exportForm() {
    exportFormEl = exportFormEl || buildExportForm()
    return exportFormEl
  }
  function buildExportForm() {
    return h('form.row', {
      id: 'export-form', 'aria-label': 'Press Export',
      onsubmit: function (e) {
        e.preventDefault()
        var body = { companyId: state.companyId, numberOfItems: Number($('export-items').value) }
        var exp = $('export-expires').value
        if (exp !== '') body.expiresIn = Number(exp)
        var by = $('export-created-by').value.trim()
        if (by !== '') body.createdBy = by
        body.isInteractive = $('export-interactive').checked
        body.vendorBasedBookkeeping = $('export-vendor').checked
        act(api('POST', '/_sim/export-jobs', body), function (res) { return 'Export pressed: job ' + res.data.id + ' is pending.' })
      },
    },
      h('label', null, 'Items', h('input', { id: 'export-items', type: 'number', min: 1, max: 1000, value: 5, required: true })),
      h('label', null, 'Expires in (s)', h('input', { id: 'export-expires', type: 'number', min: 1, placeholder: 'default' })),
      h('label', null, 'Created by', h('input', { id: 'export-created-by', type: 'text', size: 14, placeholder: 'user UUID (optional)' })),
      h('label', null, h('input', { id: 'export-interactive', type: 'checkbox' }), 'interactive'),
      h('label', null, h('input', { id: 'export-vendor', type: 'checkbox' }), 'vendor-based bookkeeping'),
      h('button.primary', { id: 'export-button', type: 'submit' }, 'Export'))
  }

  var views = {}
  views.board = function () {
    var b = state.board
    var card = h('section.card', { 'aria-labelledby': 'board-title' }, h('h2', { id: 'board-title' }, 'Export jobs'), exportForm())
    if (!b) return card
    var counts = h('div.row.counts', { role: 'group', 'aria-label': 'Filter by status' },
      h('button', { type: 'button', 'aria-pressed': state.boardStatus === '', onclick: function () { state.boardStatus = ''; state.boardOffset = 0; refresh() } },
        'all (' + statuses.reduce(function (n, s) { return n + b.counts[s] }, 0) + ')'),
      statuses.map(function (s) {
        return h('button', {
          type: 'button', 'data-count': s, 'aria-pressed': state.boardStatus === s,
          onclick: function () { state.boardStatus = s; state.boardOffset = 0; refresh() },
        }, labels[s] + ' (' + b.counts[s] + ')')
      }))
    var rows = b.jobs.map(function (job) {
      return h('tr', { 'data-job': job.id },
        h('td', null, h('a.mono', { href: '#/job/' + job.id }, job.id.slice(0, 8) + '…')),
        h('td', { 'data-col': 'status' }, statusTag(job.status)),
        h('td', { 'data-since': job.createdAt }),
        h('td.hide-narrow', null, job.startedAt ? h('span', { title: job.startedAt }, 'claimed ' + ago(job.startedAt)) : 'not claimed'),
        h('td.num', { 'data-col': 'items' }, job.items.reported + ' / ' + job.items.total + (job.items.failed ? ' (' + job.items.failed + ' failed)' : '')),
        h('td', null, job.expiresAt ? h('span', { 'data-expires': job.expiresAt, title: job.expiresAt }) :
          job.expiredAt ? 'expired ' + when(job.expiredAt) : job.completedAt ? 'finished ' + when(job.completedAt) : '—'))
    })
    var last = Math.min(b.offset + b.limit, b.total)
    var pager = h('div.row', null,
      h('span.muted', null, b.total ? 'jobs ' + (b.offset + 1) + '–' + last + ' of ' + b.total : 'no jobs'),
      h('button', { type: 'button', disabled: b.offset === 0, onclick: function () { state.boardOffset = Math.max(0, b.offset - b.limit); refresh() } }, 'Newer'),
      h('button', { type: 'button', disabled: last >= b.total, onclick: function () { state.boardOffset = b.offset + b.limit; refresh() } }, 'Older'),
      b.nextExpiryAt ? h('span.muted', null, 'next expiry ', h('span', { 'data-expires': b.nextExpiryAt })) : null)
    append(card, [h('h3', null, 'By status'), counts,
      h('div.scroll', null, h('table', { id: 'board' },
        h('thead', null, h('tr', null, h('th', null, 'Job'), h('th', null, 'Status'), h('th', null, 'Age'),
          h('th.hide-narrow', null, 'Claimed'), h('th.num', null, 'Items reported'), h('th', null, 'Expires (virtual clock)'))),
        h('tbody', null, rows))), pager])
    return h('div', null, card, clockCard())
  }

  var clockSetEl = null
  function clockCard() {
    var presets = [['+1 min', 60], ['+5 min', 300], ['+1 h', 3600], ['+1 day', 86400]]
    return h('section.card', { 'aria-labelledby': 'clock-title' },
      h('h2', { id: 'clock-title' }, 'Clock'),
      h('p', null, state.clock ? (state.clock.mode === 'manual' ? 'Manual clock: time stands still until moved here or by the control API.' :
        'System clock: virtual time follows real time; moving it here jumps it ahead.') : ''),
      h('div.row', null, presets.map(function (p) {
        return h('button', { type: 'button', 'data-advance': p[1], onclick: function () {
          act(api('POST', '/_sim/clock/advance', { seconds: p[1] }), 'Clock moved ' + p[0] + '.')
        } }, p[0])
      }), h('button', { type: 'button', id: 'next-expiry', onclick: nextExpiry }, 'Jump to the next expiry')),
      clockSetEl = clockSetEl || h('form.row', { onsubmit: function (e) {
        e.preventDefault()
        var value = $('clock-set').value
        var iso = /Z$|[+-]\d\d:\d\d$/.test(value) ? value : value + 'Z'
        act(api('POST', '/_sim/clock/set', { now: iso }), 'Clock set.')
      } },
        h('label', null, 'Set to (UTC)', h('input', { id: 'clock-set', type: 'text', placeholder: '2025-01-01T12:00:00Z', required: true })),
        h('button', { type: 'submit' }, 'Set')))
  }
  function nextExpiry() {
    var go = function (at) {
      if (!at) { notice('No open job is waiting to expire.', true); return }
      act(api('POST', '/_sim/clock/set', { now: at }), 'Clock moved to the next expiry.')
    }
    if (route().name === 'board' && state.board) go(state.board.nextExpiryAt)
    else api('GET', '/_sim/board?companyId=' + state.companyId + '&limit=1').then(function (res) { go(res.data.nextExpiryAt) }).catch(fail)
  }
  views.clock = function () { return clockCard() }

  views.job = function () {
    var d = state.job
    if (!d) return h('p', null, 'Loading…')
    var job = d.job
    var facts = [
      ['Status', statusTag(job.status)], ['Company', h('code', null, job.companyId)],
      ['Created', when(job.createdAt)], ['Claimed', job.startedAt ? when(job.startedAt) : 'not claimed'],
      ['Claimed by', claimOf(d.journal)],
      ['Items reported', job.items.reported + ' / ' + job.items.total],
      ['Expires', job.expiresAt ? h('span', { 'data-expires': job.expiresAt }) : job.expiredAt ? 'expired ' + when(job.expiredAt) : '—'],
      ['Expiry window', job.expiresIn + ' s'], ['Interactive', job.isInteractive ? 'yes' : 'no'],
      ['Failure', job.failureReason ? job.failureReasonType + ': ' + job.failureReason : '—'],
    ]
    var timeline = d.journal.map(function (e) {
      return h('tr', null, h('td.mono', null, when(e.at)), h('td.mono', null, e.method + ' ' + e.path + (e.query ? '?' + e.query : '')),
        h('td', { 'data-col': 'code' }, codeTag(e.status)), h('td', null, e.event || ''), h('td', null, e.fault ? 'fault: ' + e.fault : ''))
    })
    var entryOf = {}
    d.entries.forEach(function (en) { entryOf[en.accountingEntryId] = en })
    var items = d.items.map(function (it) {
      var en = entryOf[it.accountingEntryId]
      var money = en && en.amount && en.amount.inWalletCurrency
      return h('tr', null, h('td.mono', null, it.accountingEntryId), h('td', null, statusTag(it.status)),
        h('td', null, it.failureReason ? (it.failureReasonType || '') + ': ' + it.failureReason : ''),
        h('td', null, en ? en.type : ''), h('td.num', null, money ? money.value + ' ' + money.currency : ''),
        h('td', null, en && en.date ? when(en.date) : ''))
    })
    return h('div', null,
      h('section.card', { 'aria-labelledby': 'job-title' },
        h('h2', { id: 'job-title' }, 'Job ', h('code', null, job.id)),
        h('p', null, h('a', { href: '#/board' }, '← all jobs')),
        h('table', null, h('tbody', null, facts.map(function (f) { return h('tr', null, h('th', null, f[0]), h('td', null, f[1])) })))),
      h('section.card', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, 'Timeline (' + d.journal.length + ' requests)'),
        h('div.scroll', null, h('table', { id: 'timeline' }, h('thead', null, h('tr', null, h('th', null, 'At (virtual)'), h('th', null, 'Request'),
          h('th', null, 'Status'), h('th', null, 'Event'), h('th', null, 'Fault'))), h('tbody', null, timeline)))),
      h('section.card', { 'aria-labelledby': 'items-title' }, h('h2', { id: 'items-title' }, 'Items and their accounting entries'),
        h('div.scroll', null, h('table', { id: 'items' }, h('thead', null, h('tr', null, h('th', null, 'Accounting entry'), h('th', null, 'Outcome'),
          h('th', null, 'Failure reason'), h('th', null, 'Type'), h('th.num', null, 'Amount'), h('th', null, 'Date'))), h('tbody', null, items)))),
      h('section.card', { 'aria-labelledby': 'deliveries-title' }, h('h2', { id: 'deliveries-title' }, 'Webhook deliveries'),
        messagesTable(d.messages, 'job-deliveries')))
  }

  // Who claimed the job, as far as the journal knows: the winning 'started' request's route.
  function claimOf(journal) {
    var won = journal.filter(function (e) { return e.event === 'started' && e.status < 300 })[0]
    if (!won) return '—'
    var who = won.path.indexOf('/_sim/') === 0 ? 'the control API (another integration)' : 'an integration (API key or token)'
    return who + ': ' + won.method + ' ' + won.path + ' at ' + when(won.at)
  }

  function messagesTable(messages, id) {
    if (!messages.length) return h('p.muted', { id: id }, 'No webhook messages (is a subscription registered?).')
    var rows = []
    messages.forEach(function (m) {
      var attempts = m.deliveries.length ? m.deliveries : [null]
      attempts.forEach(function (d, i) {
        rows.push(h('tr', { 'data-message': m.id },
          h('td', null, i === 0 ? m.eventType : ''),
          h('td', null, i === 0 ? statusTag(m.state) : ''),
          h('td.num', { 'data-col': 'attempt' }, d ? '#' + d.attempt : '—'),
          h('td', null, d ? when(d.at) : 'not sent yet'),
          h('td', null, d ? codeTag(d.status) : '', d && d.error ? ' ' + d.error : '', d && d.fault ? ' (fault: ' + d.fault + ')' : ''),
          h('td', null, i === 0 && m.nextAttemptAt && m.state === 'pending' ? 'next retry ' + when(m.nextAttemptAt) : ''),
          h('td', null, d && i === attempts.length - 1 ? h('button', { type: 'button', 'data-redeliver': d.id, onclick: function () {
            act(api('POST', '/_sim/deliveries/' + d.id + '/redeliver'), 'Redelivery queued for ' + m.webhookId + '.')
          } }, 'Redeliver') : '')))
      })
    })
    return h('div.scroll', null, h('table', { id: id }, h('thead', null, h('tr', null, h('th', null, 'Event'), h('th', null, 'State'),
      h('th.num', null, 'Attempt'), h('th', null, 'At'), h('th', null, 'Answer'), h('th', null, 'Retry (virtual clock)'), h('th', null, ''))),
      h('tbody', null, rows)))
  }

  views.webhooks = function () {
    var subs = state.subscriptions
    var list
    if (!subs) list = h('p', null, 'Loading…')
    else if (subs.error) list = h('p.error', null, 'Could not list subscriptions: ' + subs.error.message)
    else if (!subs.data.length) list = h('p.muted', null, 'No subscriptions. Register one with POST /v1/subscriptions (see the API reference).')
    else list = h('table', { id: 'subscriptions' }, h('thead', null, h('tr', null, h('th', null, 'Endpoint'), h('th', null, 'Events'), h('th', null, 'Status'), h('th', null, 'Secret'))),
      h('tbody', null, subs.data.map(function (s) {
        var secret = state.secrets[s.id]
        return h('tr', null, h('td.mono', null, s.endpointUrl), h('td', null, (s.eventTypes || []).join(', ')), h('td', null, s.status),
          h('td', null, secret ? h('code', null, secret) : h('button', { type: 'button', onclick: function () {
            pleo('GET', '/v1/subscriptions/' + s.id + '/secret').then(function (res) { state.secrets[s.id] = res.data.secretKey; render() }).catch(fail)
          } }, 'Reveal secret')))
      })))
    return h('div', null, h('section.card', null, h('h2', null, 'Subscriptions'), list),
      h('section.card', null, h('h2', null, 'Deliveries (newest first)'), messagesTable(state.messages || [], 'deliveries')))
  }

  var faultPresets = [
    ['503 on every claim', { target: 'http', route: 'POST /v3/export-job-events', status: 503 }],
    ['429 on job lists (Retry-After 2 s)', { target: 'http', route: 'GET /v3/export-jobs', status: 429, retryAfter: 2 }],
    ['500 on item updates, half the time', { target: 'http', route: 'PUT /v3/export-jobs/*', status: 500, probability: 0.5 }],
    ['300 ms latency on everything', { target: 'http', latencyMs: 300 }],
    ['404 on receipt downloads', { target: 'http', route: 'GET /receipts/*', status: 404 }],
  ]
  views.faults = function () {
    var f = state.faults
    if (!f) return h('p', null, 'Loading…')
    var rules = f.rules || []
    var same = function (a, b) { return JSON.stringify(a) === JSON.stringify(b) }
    var put = function (next) { act(api('PUT', '/_sim/faults', { seed: f.seed, rules: next }), 'Fault rules updated.') }
    return h('section.card', { 'aria-labelledby': 'faults-title' }, h('h2', { id: 'faults-title' }, 'Faults'),
      h('h3', null, 'Active rules (' + rules.length + ')'),
      rules.length ? h('ol', { id: 'rules' }, rules.map(function (r, i) {
        return h('li', null, h('code', null, JSON.stringify(r)), ' ', h('button', { type: 'button', onclick: function () {
          put(rules.filter(function (_, j) { return j !== i }))
        } }, 'Remove'))
      })) : h('p.muted', null, 'No fault rules: every request is answered normally.'),
      h('h3', null, 'Presets'),
      h('div', { role: 'group', 'aria-label': 'Fault presets' }, faultPresets.map(function (p) {
        var on = rules.some(function (r) { return same(r, p[1]) })
        return h('div.row', null, h('label', null, h('input', { type: 'checkbox', checked: on, onchange: function () {
          put(on ? rules.filter(function (r) { return !same(r, p[1]) }) : rules.concat([p[1]]))
        } }), p[0] + (on ? ' (on)' : ' (off)')))
      })),
      h('div.row', null, h('button', { type: 'button', onclick: function () { act(api('DELETE', '/_sim/faults'), 'All fault rules removed.') } }, 'Remove every rule')))
  }

  var journalFilter = { method: '', path: '', status: '', job: '', own: false }
  views.journal = function () {
    var jf = journalFilter
    var shown = state.journal.filter(function (e) {
      if (!jf.own && e.method === 'GET' && e.path.indexOf('/_sim/') === 0) return false
      if (jf.method && e.method !== jf.method) return false
      if (jf.path && e.path.indexOf(jf.path) < 0) return false
      if (jf.status && String(e.status).indexOf(jf.status) !== 0) return false
      if (jf.job && (e.jobId || '').indexOf(jf.job) !== 0) return false
      return true
    }).slice(-300).reverse()
    var input = function (key, label, attrs) {
      return h('label', null, label, h('input', Object.assign({ id: 'jf-' + key, value: jf[key], oninput: function (e) { jf[key] = e.target.value; render() } }, attrs || {})))
    }
    return h('section.card', { 'aria-labelledby': 'journal-title' }, h('h2', { id: 'journal-title' }, 'Journal (live, newest first)'),
      h('div.row', null,
        h('label', null, 'Method', h('select', { id: 'jf-method', onchange: function (e) { jf.method = e.target.value; render() } },
          ['', 'GET', 'POST', 'PUT', 'DELETE'].map(function (m) { return h('option', { value: m, selected: jf.method === m }, m || 'any') }))),
        input('path', 'Path contains', { size: 18 }), input('status', 'Status starts with', { size: 4 }), input('job', 'Job id', { size: 12 }),
        h('label', null, h('input', { type: 'checkbox', checked: jf.own, onchange: function (e) { jf.own = e.target.checked; render() } }), 'show control API reads')),
      h('div.scroll', null, h('table', { id: 'journal' }, h('thead', null, h('tr', null, h('th', null, 'At (virtual)'), h('th', null, 'Request'), h('th', null, 'Status'),
        h('th', null, 'Job'), h('th', null, 'Event / fault'))),
        h('tbody', null, shown.map(function (e) {
          return h('tr', null, h('td.mono', null, when(e.at)), h('td.mono', null, e.method + ' ' + e.path + (e.query ? '?' + e.query : '')), h('td', null, codeTag(e.status)),
            h('td', null, e.jobId ? h('a.mono', { href: '#/job/' + e.jobId }, e.jobId.slice(0, 8) + '…') : ''),
            h('td', null, [e.event, e.fault ? 'fault: ' + e.fault : null].filter(Boolean).join(' · ')))
        })))))
  }

  views.company = function () {
    var co = state.companies.filter(function (c) { return c.id === state.companyId })[0]
    if (!co) return h('p', null, 'No company. Create one with POST /_sim/companies.')
    var key = companyKey() || ''
    var curl = "curl -u '" + (key || '<api key>') + ":' '" + location.origin + '/v3/export-jobs?company_id=' + co.id + "&statuses=pending'"
    var copyRow = function (label, text, id) {
      return h('div.copy', null, h('span', null, label), h('code', { id: id }, text),
        h('button', { type: 'button', onclick: function () {
          (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'))).then(
            function () { notice(label + ' copied.') }, function () { notice('Copy it by hand: the clipboard is not available here.', true) })
        } }, 'Copy'))
    }
    return h('section.card', null, h('h2', null, co.name),
      copyRow('Company id', co.id, 'company-id'), key ? copyRow('API key', key, 'api-key') : h('p', { id: 'api-key' }, 'API key: kept by the fake only as a hash. Use the one printed when this company was made.'), copyRow('Try', curl, 'curl'),
      h('p', null, 'More in the ', h('a', { href: '/docs' }, 'API reference'), ' (try-it calls are pre-filled with the demo key).'),
      h('form.row', { onsubmit: function (e) {
        e.preventDefault()
        act(api('POST', '/_sim/companies', { name: $('new-company').value || undefined }).then(function (res) {
          state.companyId = res.data.company.id
          rememberKey(res.data.company.id, res.data.apiKey)
          localStorage.setItem('fake-pleo-company', state.companyId)
          return loadCompanies().then(function () { return res })
        }), function (res) { return 'Company ' + res.data.company.name + ' created.' })
      } }, h('label', null, 'New company', h('input', { id: 'new-company', placeholder: 'name (optional)' })), h('button', { type: 'submit' }, 'Create')))
  }

  // ---- start ----
  $('company').addEventListener('change', function (e) {
    state.companyId = e.target.value
    localStorage.setItem('fake-pleo-company', state.companyId)
    state.boardOffset = 0
    state.messages = null
    state.subscriptions = null
    refresh()
  })
  $('token-form').addEventListener('submit', function (e) {
    e.preventDefault()
    state.token = $('token-input').value
    sessionStorage.setItem('fake-pleo-admin-token', state.token)
    state.blocked = false
    start()
  })
  window.addEventListener('hashchange', function () { state.job = null; refresh() })
  function start() {
    notice('')
    loadCompanies().then(function () { connectStream(); return refresh() }).catch(fail)
  }
  setInterval(tick, 1000)
  if (config.needsToken && !state.token) needToken(null)
  else start()
})()
`
