// The editor of `hirepage serve`: a list of content files, a form built
// from the content model, and the page of the unsaved draft beside it.
// No framework and no build step; the API is described in src/editor/mod.rs.
'use strict';

(() => {
  const API = '/_hirepage/api/';
  const MAX_IMAGE = 10 * 1024 * 1024;
  const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'];
  const READONLY_NOTE = 'Uses YAML anchors, aliases or tags: edit it in a text editor.';
  const KINDS = [['role', 'Roles'], ['skill', 'Skills'], ['page', 'Pages'], ['home', 'Home page'],
    ['location', 'Locations'], ['combination', 'Copy of pages in locations']];
  const OMIT = Symbol('omit');

  const $ = (id) => document.getElementById(id);

  const state = {
    model: null,
    files: [],
    file: null, // the answer of GET file, `version` kept current
    draft: null, // the front matter being edited (a deep copy of `fields`)
    body: '',
    baseline: '', // the snapshot of the last load or save
    page: 'main',
    readonly: new Set(),
    fields: new Map(), // field path -> {control, err, label, wrap}
    originalKeys: new WeakMap(), // draft object -> the keys the file had
    expanded: new WeakMap(), // list item object -> shown
    generation: 0, // bumped when another file is opened
    lastGood: null, // {html, url} of the last preview that loaded
    diagnostics: [],
    saving: false,
    sessionLost: false,
  };

  let ids = 0;
  const nextId = (prefix = 'f') => `${prefix}${++ids}`;

  // ---- DOM helpers -------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on') && typeof value === 'function') {
        node.addEventListener(name.slice(2), value);
      } else if (value === true) node.setAttribute(name, '');
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function button(text, attrs, onclick) {
    return el('button', { type: 'button', ...attrs, onclick }, text);
  }

  function srOnly(text) {
    return el('span', { class: 'sr-only' }, text);
  }

  function say(text, kind = '') {
    const status = $('status');
    status.textContent = text;
    status.className = `status ${kind}`;
  }

  const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

  function describedBy(...idList) {
    return idList.filter(Boolean).join(' ') || null;
  }

  // ---- the API -------------------------------------------------------------

  async function api(method, path, body, raw) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (raw) {
      init.body = body;
      init.headers['Content-Type'] = raw;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(API + path, init);
    } catch {
      return { status: 0, data: { error: 'the server does not answer: is hirepage serve still running?' } };
    }
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    if (response.status === 401) sessionLost();
    return { status: response.status, data: data || {} };
  }

  function errorText(reply) {
    return (reply.data && reply.data.error) || `the server answered ${reply.status}`;
  }

  function sessionLost() {
    if (state.sessionLost) return;
    state.sessionLost = true;
    showBanner('error', [
      el('p', {}, el('strong', {}, 'This editor session has ended. '),
        'Open the Editor link that hirepage serve printed (a new one each run) to sign in again.'),
    ]);
  }

  // ---- the file list ---------------------------------------------------------

  async function loadFiles() {
    const reply = await api('GET', 'files');
    if (reply.status !== 200) {
      say(`Cannot list the files: ${errorText(reply)}`, 'error');
      return;
    }
    state.files = reply.data.files || [];
    renderFiles();
  }

  const LIST_LIMIT = 200;

  function renderFiles() {
    const query = $('search').value.trim().toLowerCase();
    const host = $('files');
    const focused = document.activeElement && host.contains(document.activeElement)
      ? document.activeElement.getAttribute('data-path')
      : null;
    host.textContent = '';
    const matches = (f) => !query
      || String(f.title || '').toLowerCase().includes(query)
      || String(f.path).toLowerCase().includes(query);
    const kinds = KINDS.slice();
    for (const f of state.files) {
      if (!kinds.some(([k]) => k === f.kind)) kinds.push([f.kind, f.kind]);
    }
    let shown = 0;
    for (const [kind, heading] of kinds) {
      const items = state.files.filter((f) => f.kind === kind && matches(f));
      if (!items.length) continue;
      shown += items.length;
      const headingId = `group-${kind}`;
      const list = el('ul', { 'aria-labelledby': headingId });
      // A site of thousands of roles lists the first ones: a page of
      // 10,000 links would slow every keystroke of the editor down.
      for (const f of items.slice(0, LIST_LIMIT)) {
        const current = state.file && state.file.path === f.path;
        const link = el('a', {
          href: `#${f.path}`,
          class: 'file',
          'aria-current': current ? 'page' : null,
          'data-path': f.path,
        },
        el('span', { class: 'file-title' }, f.title || f.path),
        el('span', { class: 'file-path' }, f.path.replace(/^content\//, '')),
        f.draft ? el('span', { class: 'badge' }, 'Draft') : null);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          navigate(f.path);
        });
        list.append(el('li', {}, link));
      }
      if (items.length > LIST_LIMIT) {
        list.append(el('li', { class: 'more' }, `${items.length - LIST_LIMIT} more: search to find them`));
      }
      host.append(el('h2', { class: 'group', id: headingId }, heading, ' ', el('span', { class: 'count' }, `(${items.length})`)), list);
    }
    if (!shown) host.append(el('p', { class: 'none' }, 'No file matches.'));
    if (focused) {
      const again = Array.from(host.querySelectorAll('a.file')).find((a) => a.dataset.path === focused);
      if (again) again.focus();
    }
    $('file-count').textContent = query
      ? `${shown} of ${state.files.length} files match`
      : `${state.files.length} files`;
  }

  function navigate(path) {
    if (state.file && state.file.path === path) return;
    if (isDirty() && !window.confirm(`Discard the unsaved changes to ${state.file.path}?`)) return;
    history.pushState(null, '', `#${path}`);
    openFile(path);
  }

  window.addEventListener('popstate', () => {
    const path = decodeURIComponent(location.hash.slice(1));
    if (!path || (state.file && state.file.path === path)) return;
    if (isDirty() && !window.confirm(`Discard the unsaved changes to ${state.file.path}?`)) {
      history.pushState(null, '', `#${state.file.path}`);
      return;
    }
    openFile(path);
  });

  // ---- opening a file ----------------------------------------------------------

  async function openFile(path) {
    const generation = ++state.generation;
    say(`Opening ${path}…`);
    const reply = await api('GET', `file?path=${encodeURIComponent(path)}`);
    if (generation !== state.generation) return;
    if (reply.status !== 200) {
      say(`Cannot open ${path}: ${errorText(reply)}`, 'error');
      return;
    }
    loadFile(reply.data);
    say(`Opened ${path}`);
  }

  function loadFile(data) {
    state.generation++;
    state.file = data;
    state.draft = isPlain(data.fields) ? clone(data.fields) : {};
    state.body = typeof data.body === 'string' ? data.body : '';
    state.readonly = new Set(data.readonly || []);
    state.originalKeys = new WeakMap();
    rememberKeys(state.draft);
    state.lastGood = null;
    state.diagnostics = [];
    hideBanner();
    if (data.kind !== 'role') state.page = 'main';
    $('page-switch').hidden = data.kind !== 'role';
    for (const radio of document.querySelectorAll('input[name="page"]')) {
      radio.checked = radio.value === state.page;
    }
    buildForm();
    state.baseline = snapshot();
    updateDirty();
    showDiagnostics([]);
    renderFiles();
    const entry = state.files.find((f) => f.path === data.path);
    const open = $('open-page');
    open.hidden = !(entry && entry.url);
    if (entry && entry.url) open.href = entry.url;
    clearFrame();
    schedulePreview();
  }

  function rememberKeys(value) {
    if (Array.isArray(value)) value.forEach(rememberKeys);
    else if (isPlain(value)) {
      state.originalKeys.set(value, new Set(Object.keys(value)));
      Object.values(value).forEach(rememberKeys);
    }
  }

  // ---- serialising the form ------------------------------------------------------

  function kindFields() {
    return (state.model && state.file && state.model.kinds[state.file.kind]) || [];
  }

  function serialize() {
    return serObject(kindFields(), state.draft, '');
  }

  function serObject(fields, obj, base) {
    const out = {};
    const known = new Set();
    const original = state.originalKeys.get(obj) || new Set();
    for (const field of fields) {
      known.add(field.name);
      const path = base ? `${base}/${field.name}` : field.name;
      let value = has(obj, field.name) ? serValue(field, obj[field.name], path, original.has(field.name)) : OMIT;
      if (value === OMIT && field.required) value = requiredEmpty(field, path);
      if (value !== OMIT) out[field.name] = value;
    }
    // Keys the model does not know stay as they were.
    for (const key of Object.keys(obj)) {
      if (!known.has(key)) out[key] = obj[key];
    }
    return out;
  }

  function serValue(field, value, path, inFile) {
    if (value === undefined || value === null) return OMIT;
    if (state.readonly.has(path)) return value;
    switch (field.widget) {
      case 'boolean':
        if (typeof value !== 'boolean') return value;
        return inFile || value ? value : OMIT;
      case 'integer':
      case 'number':
        return value === '' ? OMIT : value;
      case 'object': {
        if (!isPlain(value)) return value;
        const out = serObject(field.fields || [], value, path);
        return Object.keys(out).length ? out : OMIT;
      }
      case 'list':
        if (!Array.isArray(value)) return value;
        if (!value.length) return OMIT;
        return value.map((item, i) => serItem(field.item || {}, item, `${path}/${i}`));
      case 'skills':
      case 'related':
        if (!Array.isArray(value)) return value;
        return value.length ? value.slice() : OMIT;
      case 'map':
        return value;
      default:
        if (typeof value !== 'string') return value;
        return value === '' ? OMIT : value;
    }
  }

  // An item of a list keeps its place even when empty.
  function serItem(item, value, path) {
    if (state.readonly.has(path)) return value;
    if (item.widget === 'object' && isPlain(value)) return serObject(item.fields || [], value, path);
    if ((item.widget === 'list' || item.widget === 'skills' || item.widget === 'related') && Array.isArray(value)) {
      const out = serValue(item, value, path, true);
      return out === OMIT ? [] : out;
    }
    return value == null ? emptyValue(item) : value;
  }

  function requiredEmpty(field, path) {
    switch (field.widget) {
      case 'object': return serObject(field.fields || [], {}, path);
      case 'list': case 'skills': case 'related': return [];
      case 'boolean': return false;
      case 'integer': case 'number': case 'map': return OMIT;
      default: return '';
    }
  }

  function emptyValue(field) {
    switch (field.widget) {
      case 'object': return {};
      case 'list': case 'skills': case 'related': return [];
      case 'boolean': return false;
      case 'integer': case 'number': return 0;
      case 'map': return {};
      default: return '';
    }
  }

  function snapshot() {
    return JSON.stringify({ fields: serialize(), body: state.body });
  }

  function isDirty() {
    return Boolean(state.file) && snapshot() !== state.baseline;
  }

  function updateDirty() {
    const dirty = isDirty();
    $('dirty').hidden = !dirty;
    $('save').disabled = !state.file;
    document.title = state.file
      ? `${dirty ? '• ' : ''}${titleOf()} · hirepage editor`
      : 'Editor · hirepage';
    const unpublish = $('unpublish');
    const hasDraft = kindFields().some((f) => f.name === 'draft' && f.widget === 'boolean');
    unpublish.hidden = !hasDraft;
    unpublish.textContent = state.draft && state.draft.draft === true ? 'Publish' : 'Unpublish';
    $('current').textContent = state.file ? state.file.path : '';
  }

  function titleOf() {
    const t = state.draft && typeof state.draft.title === 'string' && state.draft.title.trim();
    return t || (state.file ? state.file.path.split('/').pop() : '');
  }

  function changed() {
    updateDirty();
    $('doc-title').textContent = titleOf();
    schedulePreview();
  }

  // ---- the form --------------------------------------------------------------------

  function buildForm() {
    state.fields = new Map();
    const host = $('form-host');
    host.textContent = '';
    const file = state.file;
    $('doc-title').textContent = titleOf();
    $('doc-path').textContent = `${file.path} · ${file.kind}`;
    const form = el('form', { class: 'doc', id: 'doc', novalidate: true, 'aria-label': `Fields of ${file.path}` });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save();
    });
    const fields = kindFields();
    if (!fields.length) {
      form.append(el('p', { class: 'note' }, 'The content model does not describe this kind of file: only its body can be edited here.'));
    }
    for (const field of fields) form.append(renderField(field, state.draft, field.name, field.name, false));
    const unknown = Object.keys(state.draft).filter((k) => !fields.some((f) => f.name === k));
    if (unknown.length && fields.length) {
      const view = {};
      for (const key of unknown) view[key] = state.draft[key];
      form.append(mapView({ label: 'Other fields', description: 'Fields the content model does not know; they are kept as they are.' }, view, '', false));
    }
    form.append(bodyEditor());
    host.append(form);
  }

  function isReadonly(path) {
    return state.readonly.has(path);
  }

  function hasReadonlyInside(path) {
    const prefix = `${path}/`;
    for (const p of state.readonly) if (p.startsWith(prefix)) return true;
    return false;
  }

  function labelText(field, fallback) {
    return field.label || field.name || fallback || 'Value';
  }

  function labelFor(field, id, extra) {
    return el('label', { for: id }, labelText(field), extra, requiredMark(field));
  }

  function requiredMark(field) {
    if (!field.required) return null;
    return [el('span', { class: 'req', 'aria-hidden': 'true' }, ' *'), srOnly(' (required)')];
  }

  // Descriptions are doc comments: `code` in them is shown as code.
  function richText(text) {
    return String(text).split('`').map((part, i) => (i % 2 ? el('code', {}, part) : part));
  }

  function helpFor(field, id) {
    return field.description ? el('p', { class: 'help', id: `${id}-help` }, richText(field.description)) : null;
  }

  function roNote(id) {
    return el('p', { class: 'ro-note', id: `${id}-ro` }, READONLY_NOTE);
  }

  function register(path, entry) {
    state.fields.set(path, entry);
  }

  /// A field of the model, at `parent[key]`, named `path`.
  function renderField(field, parent, key, path, inheritedRo) {
    const readonly = inheritedRo || isReadonly(path);
    switch (field.widget) {
      case 'object': return objectField(field, parent, key, path, readonly);
      case 'list': return listField(field, parent, key, path, readonly);
      case 'skills': return chipsField(field, parent, key, path, readonly, 'skills');
      case 'related': return chipsField(field, parent, key, path, readonly, 'related');
      case 'map': return mapView(field, parent[key], path, true);
      case 'boolean': return booleanField(field, parent, key, path, readonly);
      default: return scalarField(field, parent, key, path, readonly);
    }
  }

  function setValue(parent, key, value) {
    if (value === undefined) {
      if (Array.isArray(parent)) parent[key] = '';
      else delete parent[key];
    } else {
      parent[key] = value;
    }
    changed();
  }

  function autoGrow(area) {
    const grow = () => {
      if (!area.offsetParent) return; // hidden: grown when shown
      area.style.height = 'auto';
      area.style.height = `${Math.min(area.scrollHeight + 2, 600)}px`;
    };
    area.addEventListener('input', grow);
    area.addEventListener('grow', grow);
    requestAnimationFrame(grow);
  }

  function scalarField(field, parent, key, path, readonly, labelOverride) {
    const id = nextId();
    const value = parent[key];
    const text = value == null ? '' : (typeof value === 'object' ? JSON.stringify(value) : String(value));
    const described = describedBy(field.description ? `${id}-help` : null, readonly ? `${id}-ro` : null, `${id}-err`);
    const common = {
      id,
      name: path || null,
      'aria-describedby': described,
      'aria-required': field.required ? 'true' : null,
      disabled: readonly,
    };
    let control;
    let options = null;
    const widget = field.widget;
    if (widget === 'text' || widget === 'markdown') {
      control = el('textarea', { ...common, rows: widget === 'markdown' ? 5 : 3, class: widget === 'markdown' ? 'mono' : null });
      control.value = text;
      autoGrow(control);
    } else if (widget === 'choice' || widget === 'template') {
      control = el('select', common);
      const options = (widget === 'choice' ? field.options : state.model.templates) || [];
      if (!field.required || !options.includes(text)) {
        control.append(el('option', { value: '' }, widget === 'template' ? 'The theme’s default' : '(none)'));
      }
      for (const option of options) control.append(el('option', { value: option }, option));
      if (text && !options.includes(text)) control.append(el('option', { value: text }, `${text} (unknown)`));
      control.value = text;
    } else if (widget === 'location') {
      const listId = `${id}-options`;
      control = el('input', { ...common, type: 'text', list: listId, autocomplete: 'off' });
      control.value = text;
      options = el('datalist', { id: listId },
        (state.model.locations || []).map((name) => el('option', { value: name })));
    } else {
      const type = {
        date: value == null || /^\d{4}-\d{2}-\d{2}$/.test(text) ? 'date' : 'text',
        integer: 'number',
        number: 'number',
      }[widget] || 'text';
      control = el('input', {
        ...common,
        type,
        step: widget === 'integer' ? '1' : (widget === 'number' ? 'any' : null),
        inputmode: widget === 'integer' ? 'numeric' : (widget === 'number' ? 'decimal' : null),
        class: widget === 'slug' ? 'mono' : null,
        spellcheck: widget === 'slug' || widget === 'image' ? 'false' : null,
        autocomplete: 'off',
      });
      control.value = text;
    }
    const numeric = widget === 'integer' || widget === 'number';
    control.addEventListener(control.tagName === 'SELECT' ? 'change' : 'input', () => {
      if (numeric) {
        if (control.value === '') {
          if (!control.validity.badInput) setValue(parent, key, undefined);
          return;
        }
        const n = Number(control.value);
        setValue(parent, key, Number.isFinite(n) ? n : control.value);
      } else {
        setValue(parent, key, control.value);
      }
    });
    const err = el('div', { class: 'field-error', id: `${id}-err`, hidden: true });
    const wrap = el('div', { class: `field field-${widget}`, 'data-path': path },
      labelOverride || labelFor(field, id),
      helpFor(field, id),
      widget === 'image' ? imageControls(control, parent, key, readonly) : control,
      options,
      readonly ? roNote(id) : null,
      err);
    register(path, { control, err, wrap, label: labelText(field) });
    return wrap;
  }

  function booleanField(field, parent, key, path, readonly) {
    const id = nextId();
    const control = el('input', {
      type: 'checkbox',
      id,
      'aria-describedby': describedBy(field.description ? `${id}-help` : null, readonly ? `${id}-ro` : null, `${id}-err`),
      disabled: readonly,
    });
    control.checked = parent[key] === true;
    control.addEventListener('change', () => {
      const original = state.originalKeys.get(parent);
      if (!control.checked && !(original && original.has(key))) setValue(parent, key, undefined);
      else setValue(parent, key, control.checked);
    });
    const err = el('div', { class: 'field-error', id: `${id}-err`, hidden: true });
    const wrap = el('div', { class: 'field field-boolean', 'data-path': path },
      el('div', { class: 'check' }, control, labelFor(field, id)),
      helpFor(field, id),
      readonly ? roNote(id) : null,
      err);
    register(path, { control, err, wrap, label: labelText(field) });
    return wrap;
  }

  function imageControls(input, parent, key, readonly) {
    const pickerId = nextId('pick');
    const fileInput = el('input', { type: 'file', accept: IMAGE_TYPES.join(','), hidden: true, tabindex: '-1' });
    const thumb = el('img', { class: 'thumb', alt: '', hidden: true });
    const showThumb = () => {
      const v = input.value.trim();
      thumb.hidden = !v.startsWith('/');
      if (!thumb.hidden) thumb.src = v;
    };
    thumb.addEventListener('error', () => { thumb.hidden = true; });
    input.addEventListener('input', showThumb);
    const picker = el('select', { id: pickerId, class: 'picker', disabled: readonly, 'aria-label': 'Choose an uploaded image' },
      el('option', { value: '' }, 'Choose an image…'),
      (state.model.images || []).map((url) => el('option', { value: url }, url)));
    picker.addEventListener('change', () => {
      if (!picker.value) return;
      input.value = picker.value;
      picker.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const uploadButton = button('Upload…', { class: 'ghost small', disabled: readonly }, () => fileInput.click());
    fileInput.addEventListener('change', async () => {
      const file = fileInput.files && fileInput.files[0];
      fileInput.value = '';
      if (!file) return;
      const url = await uploadImage(file, file.name, false);
      if (!url) return;
      if (!state.model.images.includes(url)) {
        state.model.images.push(url);
        picker.append(el('option', { value: url }, url));
      }
      input.value = url;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.focus();
    });
    requestAnimationFrame(showThumb);
    return el('div', { class: 'image-row' }, thumb, el('div', { class: 'image-controls' }, input,
      el('div', { class: 'image-actions' }, picker, uploadButton, fileInput)));
  }

  function objectField(field, parent, key, path, readonly) {
    let node = null;
    const build = () => {
      const id = nextId('o');
      const value = parent[key];
      const fs = el('fieldset', {
        class: 'group-field',
        'data-path': path,
        'aria-describedby': describedBy(field.description ? `${id}-help` : null, readonly ? `${id}-ro` : null, `${id}-err`),
        disabled: readonly,
      });
      const legend = el('legend', {}, labelText(field), requiredMark(field));
      fs.append(legend, helpFor(field, id));
      if (readonly) fs.append(roNote(id));
      const err = el('div', { class: 'field-error', id: `${id}-err`, hidden: true });
      if (!isPlain(value)) {
        if (value != null) {
          fs.append(el('p', { class: 'note' }, 'This value is not a map as the model expects; it is kept as it is.'), yamlPre(value, labelText(field)));
          register(path, { control: fs, err, wrap: fs, label: labelText(field) });
          fs.append(err);
          return fs;
        }
        const add = button(`Add ${labelText(field).toLowerCase()}`, { class: 'ghost small add' }, () => {
          parent[key] = {};
          state.originalKeys.set(parent[key], new Set());
          rerender();
          changed();
          const first = node.querySelector('input, textarea, select');
          if (first) first.focus();
        });
        fs.append(add, err);
        register(path, { control: add, err, wrap: fs, label: labelText(field) });
        return fs;
      }
      for (const sub of field.fields || []) fs.append(renderField(sub, value, sub.name, `${path}/${sub.name}`, readonly));
      if (!field.required && !readonly && !hasReadonlyInside(path)) {
        fs.append(button(`Remove ${labelText(field).toLowerCase()}`, { class: 'ghost small danger remove' }, () => {
          delete parent[key];
          rerender();
          changed();
          const add = node.querySelector('button.add');
          if (add) add.focus();
          say(`Removed ${labelText(field).toLowerCase()}`);
        }));
      }
      fs.append(err);
      register(path, { control: fs.querySelector('input, textarea, select') || fs, err, wrap: fs, label: labelText(field) });
      return fs;
    };
    const rerender = () => {
      const next = build();
      node.replaceWith(next);
      node = next;
    };
    node = build();
    return node;
  }

  function itemSummary(item, value, index) {
    if (isPlain(value)) {
      for (const sub of item.fields || []) {
        const v = value[sub.name];
        if (typeof v === 'string' && v.trim()) return v.trim();
      }
      return '(empty)';
    }
    return value == null || value === '' ? '(empty)' : String(value);
  }

  function listField(field, parent, key, path, readonly) {
    const item = field.item || { widget: 'line' };
    const locked = readonly || hasReadonlyInside(path);
    let node = null;
    const build = (focus) => {
      const id = nextId('l');
      const fs = el('fieldset', {
        class: 'group-field list-field',
        'data-path': path,
        'aria-describedby': describedBy(field.description ? `${id}-help` : null, `${id}-err`),
        disabled: readonly,
      });
      const name = labelText(field);
      fs.append(el('legend', {}, name, requiredMark(field)), helpFor(field, id));
      if (locked && !readonly) {
        fs.append(el('p', { class: 'ro-note' }, 'Some values here use YAML anchors, aliases or tags, so items cannot be moved or removed here.'));
      } else if (readonly) {
        fs.append(roNote(id));
      }
      const err = el('div', { class: 'field-error', id: `${id}-err`, hidden: true });
      const value = parent[key];
      if (value != null && !Array.isArray(value)) {
        fs.append(el('p', { class: 'note' }, 'This value is not a list as the model expects; it is kept as it is.'), yamlPre(value, name), err);
        register(path, { control: fs, err, wrap: fs, label: name });
        return fs;
      }
      const list = Array.isArray(value) ? value : [];
      const items = el('ol', { class: `items ${item.widget === 'object' ? 'items-objects' : 'items-scalars'}` });
      const itemName = item.label && item.label !== field.label ? item.label : 'item';
      list.forEach((value, index) => {
        const itemPath = `${path}/${index}`;
        const position = `${itemName} ${index + 1}`;
        const move = (to) => {
          const [moved] = list.splice(index, 1);
          list.splice(to, 0, moved);
          changed();
          rerender({ index: to, action: to < index ? 'up' : 'down' });
          say(`Moved ${position} to position ${to + 1}`);
        };
        const controls = locked ? null : el('div', { class: 'item-actions' },
          button('↑', { class: 'icon', 'aria-label': `Move ${position} up`, title: 'Move up', disabled: index === 0, 'data-action': 'up' }, () => move(index - 1)),
          button('↓', { class: 'icon', 'aria-label': `Move ${position} down`, title: 'Move down', disabled: index === list.length - 1, 'data-action': 'down' }, () => move(index + 1)),
          button('Remove', { class: 'icon danger', 'aria-label': `Remove ${position}`, 'data-action': 'remove' }, () => {
            list.splice(index, 1);
            if (!list.length && !field.required) delete parent[key];
            changed();
            rerender({ index: Math.min(index, list.length - 1), action: 'remove' });
            say(`Removed ${position}`);
          }));
        let li;
        if (item.widget === 'object' && isPlain(value)) {
          const bodyId = nextId('item');
          const open = state.expanded.get(value) === true;
          const toggle = el('button', {
            type: 'button',
            class: 'item-toggle',
            'aria-expanded': open ? 'true' : 'false',
            'aria-controls': bodyId,
          }, el('span', { class: 'chevron', 'aria-hidden': 'true' }), el('span', { class: 'item-index' }, `${index + 1}.`), ' ', el('span', { class: 'item-title' }, itemSummary(item, value, index)), el('span', { class: 'item-problems' }));
          const body = el('div', { class: 'item-body', id: bodyId, hidden: !open });
          toggle.addEventListener('click', () => {
            const show = body.hidden;
            body.hidden = !show;
            toggle.setAttribute('aria-expanded', show ? 'true' : 'false');
            state.expanded.set(value, show);
            if (show) for (const area of body.querySelectorAll('textarea')) area.dispatchEvent(new Event('grow'));
          });
          for (const sub of item.fields || []) body.append(renderField(sub, value, sub.name, `${itemPath}/${sub.name}`, readonly));
          body.addEventListener('input', () => {
            toggle.querySelector('.item-title').textContent = itemSummary(item, value, index);
          });
          li = el('li', { class: 'item', 'data-path': itemPath }, el('div', { class: 'item-head' }, toggle, controls), body);
          register(itemPath, { control: toggle, err: null, wrap: li, label: position });
        } else {
          const sub = { ...item, label: `${name} ${index + 1}`, required: false };
          const row = renderField(sub, list, index, itemPath, readonly);
          row.classList.add('item-scalar');
          li = el('li', { class: 'item item-row', 'data-path': itemPath }, row, controls);
        }
        items.append(li);
      });
      fs.append(items);
      if (!readonly) {
        const add = button(`Add ${itemName === 'item' ? `to ${name.toLowerCase()}` : itemName.toLowerCase()}`, { class: 'ghost small add' }, () => {
          if (!Array.isArray(parent[key])) parent[key] = [];
          const fresh = emptyValue(item);
          if (isPlain(fresh)) {
            state.originalKeys.set(fresh, new Set());
            state.expanded.set(fresh, true);
          }
          parent[key].push(fresh);
          changed();
          rerender({ index: parent[key].length - 1, action: 'add' });
        });
        fs.append(add);
      }
      fs.append(err);
      register(path, { control: fs.querySelector('input, textarea, select, button') || fs, err, wrap: fs, label: name });
      if (focus) {
        requestAnimationFrame(() => {
          const li = fs.querySelectorAll(':scope > .items > li')[focus.index];
          const actions = li && li.querySelector(':scope > .item-head > .item-actions, :scope > .item-actions');
          let target = null;
          if (li && focus.action === 'add') target = li.querySelector('input, textarea, select, .item-toggle');
          else if (actions && (focus.action === 'up' || focus.action === 'down')) {
            target = actions.querySelector(`[data-action="${focus.action}"]:not([disabled])`) || actions.querySelector('[data-action]:not([disabled])');
          } else if (actions) target = actions.querySelector('[data-action="remove"]');
          (target || fs.querySelector(':scope > button.add') || fs).focus();
        });
      }
      return fs;
    };
    const rerender = (focus) => {
      const next = build(focus);
      node.replaceWith(next);
      node = next;
    };
    node = build();
    return node;
  }

  function chipsField(field, parent, key, path, readonly, kind) {
    const id = nextId('c');
    const name = labelText(field);
    const value = parent[key];
    const err = el('div', { class: 'field-error', id: `${id}-err`, hidden: true });
    const fs = el('fieldset', {
      class: 'group-field chips-field',
      'data-path': path,
      'aria-describedby': describedBy(field.description ? `${id}-help` : null, readonly ? `${id}-ro` : null, `${id}-err`),
      disabled: readonly,
    }, el('legend', {}, name, requiredMark(field)), helpFor(field, id), readonly ? roNote(id) : null);
    if (value != null && !Array.isArray(value)) {
      fs.append(el('p', { class: 'note' }, 'This value is not a list as the model expects; it is kept as it is.'), yamlPre(value, name), err);
      register(path, { control: fs, err, wrap: fs, label: name });
      return fs;
    }
    const roles = state.model.roles || [];
    const titleOfRole = (slug) => {
      const role = roles.find((r) => r.slug === slug);
      return role ? role.title : null;
    };
    const chips = el('ul', { class: 'chips', 'aria-label': `${name} chosen` });
    const list = () => (Array.isArray(parent[key]) ? parent[key] : []);
    const inputId = `${id}-input`;
    let input;
    let addButton;
    const draw = () => {
      chips.textContent = '';
      const values = list();
      values.forEach((v, i) => {
        const title = kind === 'related' ? titleOfRole(v) : null;
        chips.append(el('li', { class: `chip ${kind === 'related' && !title ? 'chip-unknown' : ''}` },
          el('span', { class: 'chip-text' }, title || String(v)),
          title ? el('span', { class: 'chip-sub' }, v) : null,
          readonly ? null : button('×', { class: 'chip-remove', 'aria-label': `Remove ${title || v}` }, () => {
            values.splice(i, 1);
            if (!values.length && !field.required) delete parent[key];
            changed();
            draw();
            const buttons = chips.querySelectorAll('.chip-remove');
            (buttons[Math.min(i, buttons.length - 1)] || input).focus();
            say(`Removed ${title || v}`);
          })));
      });
      if (!values.length) chips.append(el('li', { class: 'chip-none' }, 'None yet'));
      if (kind === 'related') fillRoleOptions();
    };
    const addValue = (v) => {
      v = String(v || '').trim();
      if (!v) return;
      if (!Array.isArray(parent[key])) parent[key] = [];
      if (parent[key].includes(v)) {
        say(`${v} is already in ${name.toLowerCase()}`);
      } else {
        parent[key].push(v);
        changed();
        say(`Added ${kind === 'related' ? titleOfRole(v) || v : v}`);
      }
      draw();
    };
    const fillRoleOptions = () => {
      const chosen = new Set(list());
      const current = state.file.path.split('/').pop().replace(/\.md$/, '');
      input.textContent = '';
      input.append(el('option', { value: '' }, 'Choose a role…'));
      for (const role of roles) {
        if (chosen.has(role.slug) || role.slug === current) continue;
        input.append(el('option', { value: role.slug }, `${role.title} (${role.slug})`));
      }
    };
    if (kind === 'skills') {
      const listId = `${id}-options`;
      const options = el('datalist', { id: listId },
        (state.model.skills || []).map((s) => el('option', { value: s })),
        Object.entries(state.model.aliases || {}).map(([alias, target]) => el('option', { value: alias, label: `${alias} → ${target}` })));
      input = el('input', { id: inputId, type: 'text', list: listId, autocomplete: 'off', disabled: readonly, 'aria-describedby': `${id}-err` });
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ',') {
          event.preventDefault();
          addValue(input.value);
          input.value = '';
        }
      });
      addButton = button('Add', { class: 'ghost small', disabled: readonly }, () => {
        addValue(input.value);
        input.value = '';
        input.focus();
      });
      fs.append(chips, el('div', { class: 'chip-add' }, el('label', { for: inputId, class: 'sub-label' }, 'Add a skill'), el('div', { class: 'row' }, input, addButton), options));
    } else {
      input = el('select', { id: inputId, disabled: readonly, 'aria-describedby': `${id}-err` });
      addButton = button('Add', { class: 'ghost small', disabled: readonly }, () => {
        const v = input.value;
        addValue(v);
        input.focus();
      });
      fs.append(chips, el('div', { class: 'chip-add' }, el('label', { for: inputId, class: 'sub-label' }, 'Add a role'), el('div', { class: 'row' }, input, addButton)));
    }
    draw();
    fs.append(err);
    register(path, { control: input, err, wrap: fs, label: name });
    return fs;
  }

  function toYaml(value, indent) {
    const pad = '  '.repeat(indent);
    const scalar = (v) => {
      if (v === null) return 'null';
      if (typeof v !== 'string') return String(v);
      return /^[\w./@-][\w ./@,()-]*$/.test(v) && !/^(true|false|null|yes|no|~|[\d.]+)$/i.test(v) && !v.endsWith(' ')
        ? v
        : JSON.stringify(v);
    };
    if (Array.isArray(value)) {
      if (!value.length) return `${pad}[]`;
      return value.map((v) => (isPlain(v) || Array.isArray(v)
        ? `${pad}-\n${toYaml(v, indent + 1)}`
        : `${pad}- ${scalar(v)}`)).join('\n');
    }
    if (isPlain(value)) {
      const keys = Object.keys(value);
      if (!keys.length) return `${pad}{}`;
      return keys.map((k) => {
        const v = value[k];
        if ((isPlain(v) && Object.keys(v).length) || (Array.isArray(v) && v.length)) return `${pad}${k}:\n${toYaml(v, indent + 1)}`;
        return `${pad}${k}: ${isPlain(v) ? '{}' : Array.isArray(v) ? '[]' : scalar(v)}`;
      }).join('\n');
    }
    return pad + scalar(value);
  }

  function yamlPre(value, name) {
    return el('pre', { class: 'yaml', tabindex: '0', 'aria-label': `${name}, read only` }, toYaml(value, 0));
  }

  function mapView(field, value, path, register_) {
    const id = nextId('m');
    const fs = el('fieldset', {
      class: 'group-field map-field',
      'data-path': path || null,
      'aria-describedby': field.description ? `${id}-help` : null,
    }, el('legend', {}, labelText(field)), helpFor(field, id));
    const err = el('div', { class: 'field-error', id: `${id}-err`, hidden: true });
    if (value == null || (isPlain(value) && !Object.keys(value).length)) {
      fs.append(el('p', { class: 'note' }, 'Empty.'));
    } else {
      fs.append(yamlPre(value, labelText(field)));
    }
    fs.append(el('p', { class: 'ro-note' }, 'Shown read only: edit it in a text editor.'), err);
    if (register_ && path) register(path, { control: fs.querySelector('pre') || fs, err, wrap: fs, label: labelText(field) });
    return fs;
  }

  function bodyEditor() {
    const id = 'body-input';
    const area = el('textarea', {
      id,
      class: 'mono body-input',
      rows: 24,
      spellcheck: 'true',
      'aria-describedby': 'body-help body-err',
    });
    area.value = state.body;
    area.addEventListener('input', () => {
      state.body = area.value;
      changed();
    });
    const wrapWith = (before, after, placeholder) => {
      const start = area.selectionStart;
      const end = area.selectionEnd;
      const selected = area.value.slice(start, end) || placeholder;
      area.setRangeText(before + selected + after, start, end, 'end');
      area.setSelectionRange(start + before.length, start + before.length + selected.length);
      area.focus();
      area.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const linePrefix = (prefix) => {
      const start = area.value.lastIndexOf('\n', area.selectionStart - 1) + 1;
      area.setRangeText(prefix, start, start, 'end');
      area.focus();
      area.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const tools = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Format the body', 'aria-controls': id },
      button('B', { class: 'tool', 'aria-label': 'Bold', title: 'Bold' }, () => wrapWith('**', '**', 'bold text')),
      button('I', { class: 'tool tool-italic', 'aria-label': 'Italic', title: 'Italic' }, () => wrapWith('_', '_', 'italic text')),
      button('H2', { class: 'tool', 'aria-label': 'Heading', title: 'Heading' }, () => linePrefix('## ')),
      button('• List', { class: 'tool', 'aria-label': 'Bulleted list item', title: 'List item' }, () => linePrefix('- ')),
      button('Link', { class: 'tool', 'aria-label': 'Link', title: 'Link' }, () => wrapWith('[', '](/contact/)', 'link text')));
    const err = el('div', { class: 'field-error', id: 'body-err', hidden: true });
    const wrap = el('div', { class: 'field field-body', 'data-path': 'body' },
      el('label', { for: id, class: 'body-label' }, 'Body'),
      el('p', { class: 'help', id: 'body-help' }, 'The page’s copy, in Markdown.'),
      tools, area, err);
    register('body', { control: area, err, wrap, label: 'Body' });
    return wrap;
  }

  // ---- diagnostics ---------------------------------------------------------------------

  function findTarget(path) {
    if (path == null) return null;
    const parts = String(path).split('/');
    while (parts.length) {
      const entry = state.fields.get(parts.join('/'));
      if (entry && entry.wrap.isConnected) return entry;
      parts.pop();
    }
    return null;
  }

  function reveal(node) {
    for (let n = node; n; n = n.parentElement) {
      if (n.classList && n.classList.contains('item-body') && n.hidden) {
        const toggle = document.querySelector(`[aria-controls="${n.id}"]`);
        if (toggle) toggle.click();
        else n.hidden = false;
      }
    }
  }

  function focusField(entry) {
    reveal(entry.wrap);
    const target = entry.control && !entry.control.disabled ? entry.control : entry.wrap;
    if (target === entry.wrap && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    entry.wrap.scrollIntoView({ block: 'center' });
  }

  function showDiagnostics(list) {
    state.diagnostics = list;
    for (const entry of state.fields.values()) {
      if (entry.err) {
        entry.err.textContent = '';
        entry.err.hidden = true;
      }
      if (entry.control && entry.control.removeAttribute) entry.control.removeAttribute('aria-invalid');
      entry.wrap.classList.remove('has-error', 'has-warning');
    }
    for (const node of document.querySelectorAll('.item-problems')) node.textContent = '';
    const ul = $('problem-list');
    ul.textContent = '';
    for (const d of list) {
      // A diagnostic may be about another file the draft breaks (a link
      // to this page, say): it is listed, never put next to a field.
      const elsewhere = d.file && state.file && d.file !== state.file.path;
      const target = elsewhere ? null : findTarget(d.field);
      const severity = d.severity === 'warning' ? 'warning' : 'error';
      const message = el('p', { class: `diag diag-${severity}` },
        el('strong', {}, severity === 'warning' ? 'Warning: ' : 'Error: '), richText(d.message || d.code || 'problem'),
        d.hint ? el('span', { class: 'hint' }, ' Hint: ', richText(d.hint)) : null);
      if (target) {
        if (target.err) {
          target.err.append(message);
          target.err.hidden = false;
        }
        target.wrap.classList.add(severity === 'error' ? 'has-error' : 'has-warning');
        if (severity === 'error' && target.control && target.control.setAttribute) target.control.setAttribute('aria-invalid', 'true');
        for (let n = target.wrap.parentElement; n; n = n.parentElement) {
          if (n.classList && n.classList.contains('item')) {
            const marker = n.querySelector(':scope > .item-head .item-problems');
            if (marker && !marker.textContent) marker.textContent = severity === 'error' ? ' · has errors' : ' · has warnings';
          }
        }
      }
      const line = d.line ? `line ${d.line}${d.column ? `:${d.column}` : ''}` : '';
      const where = target
        ? target.label
        : elsewhere ? `${d.file}${line ? `, ${line}` : ''}` : (line ? `Line ${d.line}` : 'The file');
      const text = [el('span', { class: `sev sev-${severity}` }, severity === 'warning' ? 'Warning' : 'Error'), ' ',
        el('span', { class: 'where' }, where), ': ', richText(d.message || d.code || ''),
        d.hint ? el('span', { class: 'hint' }, ' — ', richText(d.hint)) : null];
      ul.append(el('li', {}, target
        ? button(text, { class: 'problem' }, () => focusField(target))
        : el('span', { class: 'problem' }, text)));
    }
    $('problems').hidden = !list.length;
    const errors = list.filter((d) => d.severity !== 'warning').length;
    $('problems-title').textContent = errors
      ? `${errors} ${errors === 1 ? 'error' : 'errors'}${list.length > errors ? `, ${list.length - errors} warning${list.length - errors === 1 ? '' : 's'}` : ''}`
      : `${list.length} warning${list.length === 1 ? '' : 's'}`;
  }

  // ---- the preview -------------------------------------------------------------------------

  let previewBusy = false;
  let previewAgain = false;

  let previewQueued = false;

  // No debounce: a draft is sent as soon as the change that made it is
  // done, and while one is on its way the newest is sent when it answers
  // (runPreview), so fast typing costs one request at a time and a single
  // key is shown at once. A microtask, not a timer: a timer waits for the
  // browser to lay the form out again first (20 to 40 ms on a long
  // body), and changes made together in one event still send one draft.
  function schedulePreview() {
    if (!previewQueued) {
      previewQueued = true;
      queueMicrotask(() => {
        previewQueued = false;
        runPreview();
      });
    }
  }

  async function runPreview() {
    if (!state.file) return;
    if (previewBusy) {
      previewAgain = true;
      return;
    }
    previewBusy = true;
    previewAgain = false;
    const generation = state.generation;
    const payload = { path: state.file.path, fields: serialize(), body: state.body, page: state.page };
    setPreviewState('Updating…', 'busy');
    const reply = await api('POST', 'preview', payload);
    previewBusy = false;
    if (generation === state.generation) handlePreview(reply);
    if (previewAgain) runPreview();
  }

  function setPreviewState(text, kind = '') {
    const node = $('preview-state');
    node.textContent = text;
    node.title = text;
    node.className = `preview-state ${kind}`;
  }

  function handlePreview(reply) {
    if (reply.status !== 200) {
      setPreviewState(`Preview failed: ${errorText(reply)}`, 'error');
      return;
    }
    const { html, url } = reply.data;
    showDiagnostics(Array.isArray(reply.data.diagnostics) ? reply.data.diagnostics : []);
    if (typeof html === 'string') {
      state.lastGood = { html, url: url || null };
      fillFrame(html);
      setPreviewState(isDirty() ? 'Draft, not saved yet' : 'Saved version');
    } else {
      setPreviewState(state.lastGood
        ? 'Draft has errors: last good version shown'
        : 'Draft has errors: see Problems', 'error');
    }
  }

  // The preview is an about:blank document of the editor's origin that the
  // draft's page is written into: the site's own pages may not be framed
  // (frame-ancestors 'none'), and its scripts must not run (sandbox).
  function frameDocument() {
    const frame = $('preview');
    try {
      const doc = frame.contentDocument;
      if (doc && doc.documentElement && doc.location.href === 'about:blank') return doc;
    } catch {
      // Another origin: navigated away.
    }
    return null;
  }

  function clearFrame() {
    const frame = $('preview');
    frame.classList.add('loading');
    const doc = frameDocument();
    if (doc) doc.documentElement.replaceChildren(doc.createElement('head'), doc.createElement('body'));
  }

  const guarded = new WeakSet();

  function fillFrame(html) {
    const frame = $('preview');
    const doc = frameDocument();
    if (!doc) {
      // A link followed in the preview took the frame away: start again.
      frame.src = 'about:blank';
      return;
    }
    if (!guarded.has(doc)) {
      guarded.add(doc);
      // Links and forms of the preview lead nowhere: it is a draft.
      doc.addEventListener('click', (event) => {
        const link = event.target.closest && event.target.closest('a[href]');
        if (link) {
          event.preventDefault();
          setPreviewState(`Links do not work in the preview (${link.getAttribute('href')})`);
        }
      });
      doc.addEventListener('submit', (event) => event.preventDefault());
    }
    const win = frame.contentWindow;
    const x = win.scrollX;
    const y = win.scrollY;
    const next = new DOMParser().parseFromString(html, 'text/html');
    for (const script of next.querySelectorAll('script:not([type="application/ld+json"])')) script.remove();
    morph(doc, doc.documentElement, next.documentElement);
    win.scrollTo(x, y);
    frame.classList.remove('loading');
  }

  // Makes `from` like `to`, keeping the nodes that did not change (no
  // flash, images and styles stay loaded).
  function morph(doc, from, to) {
    if (from.attributes) {
      for (const attr of Array.from(from.attributes)) {
        if (!to.hasAttribute(attr.name)) from.removeAttribute(attr.name);
      }
      for (const attr of Array.from(to.attributes)) {
        if (from.getAttribute(attr.name) !== attr.value) from.setAttribute(attr.name, attr.value);
      }
    }
    const old = Array.from(from.childNodes);
    const fresh = Array.from(to.childNodes);
    fresh.forEach((node, i) => {
      const current = old[i];
      if (!current) {
        from.appendChild(doc.importNode(node, true));
      } else if (current.nodeType !== node.nodeType || current.nodeName !== node.nodeName) {
        from.replaceChild(doc.importNode(node, true), current);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        // Most of the page is as it was: a native comparison is much
        // cheaper than walking it here.
        if (!current.isEqualNode(node)) morph(doc, current, node);
      } else if (current.nodeValue !== node.nodeValue) {
        current.nodeValue = node.nodeValue;
      }
    });
    for (let i = fresh.length; i < old.length; i++) from.removeChild(old[i]);
  }

  $('preview').addEventListener('load', () => {
    if (state.lastGood) fillFrame(state.lastGood.html);
  });

  for (const radio of document.querySelectorAll('input[name="page"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      state.page = radio.value;
      state.lastGood = null;
      clearFrame();
      schedulePreview();
    });
  }

  // ---- saving -------------------------------------------------------------------------------

  async function save(version) {
    if (!state.file || state.saving) return;
    state.saving = true;
    $('save').setAttribute('aria-busy', 'true');
    say('Saving…');
    const path = state.file.path;
    const generation = state.generation;
    const fields = serialize();
    const body = state.body;
    const reply = await api('PUT', `file?path=${encodeURIComponent(path)}`, {
      version: version || state.file.version,
      fields,
      body,
    });
    state.saving = false;
    $('save').removeAttribute('aria-busy');
    if (generation !== state.generation) return;
    if (reply.status === 200) {
      state.file.version = reply.data.version;
      state.baseline = JSON.stringify({ fields, body });
      updateDirty();
      hideBanner();
      say(`Saved ${path}`, 'ok');
      if (!isDirty()) setPreviewState('Saved version');
      loadFiles();
    } else if (reply.status === 409) {
      showConflict(reply.data.version);
    } else if (reply.status === 422) {
      showDiagnostics(Array.isArray(reply.data.diagnostics) ? reply.data.diagnostics : []);
      say('Not saved: the draft has errors, listed under Problems.', 'error');
    } else {
      say(`Not saved: ${errorText(reply)}`, 'error');
    }
  }

  function showBanner(kind, children) {
    const banner = $('banner');
    banner.textContent = '';
    banner.className = `banner banner-${kind}`;
    banner.append(...children);
    banner.hidden = false;
  }

  function hideBanner() {
    if (state.sessionLost) return;
    const banner = $('banner');
    banner.hidden = true;
    banner.textContent = '';
  }

  function showConflict(diskVersion) {
    say('Not saved: the file changed on disk since you opened it.', 'error');
    showBanner('warning', [
      el('p', {}, el('strong', {}, 'The file changed on disk. '),
        'Someone or something saved it after you opened it. Your draft is kept until you choose.'),
      el('div', { class: 'banner-actions' },
        button('Reload from disk', { class: 'primary', id: 'reload-disk' }, reloadFromDisk),
        diskVersion ? button('Overwrite with my draft', { class: 'ghost danger', id: 'overwrite' }, () => save(diskVersion)) : null,
        button('Keep editing', { class: 'ghost' }, () => hideBanner())),
    ]);
    $('reload-disk').focus();
  }

  async function reloadFromDisk() {
    const path = state.file.path;
    const reply = await api('GET', `file?path=${encodeURIComponent(path)}`);
    if (reply.status !== 200) {
      say(`Cannot reload ${path}: ${errorText(reply)}`, 'error');
      return;
    }
    loadFile(reply.data);
    say(`Reloaded ${path} from disk`, 'ok');
    $('form-pane').focus();
  }

  // ---- images ----------------------------------------------------------------------------------

  async function uploadImage(file, name, overwrite) {
    if (!IMAGE_TYPES.includes(file.type)) {
      say(`${file.name} is not a JPEG, PNG, WebP or AVIF image.`, 'error');
      return null;
    }
    if (file.size > MAX_IMAGE) {
      say(`${file.name} is larger than 10 MB: make it smaller first.`, 'error');
      return null;
    }
    say(`Uploading ${name}…`);
    const reply = await api('POST', `images?name=${encodeURIComponent(name)}${overwrite ? '&overwrite=1' : ''}`, file, file.type);
    if (reply.status === 200 || reply.status === 201) {
      say(`Uploaded ${reply.data.url}`, 'ok');
      return reply.data.url;
    }
    if (reply.status === 409) {
      const choice = await askImageConflict(name, reply.data.suggestion);
      if (choice === 'overwrite') return uploadImage(file, name, true);
      if (choice === 'rename' && reply.data.suggestion) return uploadImage(file, reply.data.suggestion, false);
      say('Upload cancelled');
      return null;
    }
    say(`Upload failed: ${errorText(reply)}`, 'error');
    return null;
  }

  function askImageConflict(name, suggestion) {
    const dialog = $('image-dialog');
    $('image-text').textContent = suggestion
      ? `Another image is already called ${name}. Replace it (pages using it will show yours), or upload yours as ${suggestion}?`
      : `Another image is already called ${name}. Replace it?`;
    $('image-rename').hidden = !suggestion;
    dialog.returnValue = 'cancel';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
      dialog.showModal();
    });
  }

  // ---- creating a file ---------------------------------------------------------------------------

  let createKind = 'role';

  for (const b of document.querySelectorAll('[data-create]')) {
    b.addEventListener('click', () => {
      createKind = b.dataset.create;
      $('create-title').textContent = `New ${createKind}`;
      $('create-name').value = '';
      $('create-error').hidden = true;
      $('create-error').textContent = '';
      $('create-dialog').showModal();
      $('create-name').focus();
    });
  }

  $('create-cancel').addEventListener('click', () => $('create-dialog').close());

  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = $('create-name').value.trim();
    const error = $('create-error');
    if (!title) {
      error.textContent = 'Give it a title.';
      error.hidden = false;
      $('create-name').focus();
      return;
    }
    if (isDirty() && !window.confirm(`Discard the unsaved changes to ${state.file.path}?`)) return;
    const reply = await api('POST', 'file', { kind: createKind, title });
    if (reply.status !== 201 && reply.status !== 200) {
      error.textContent = reply.status === 409
        ? `A ${createKind} with that name exists already.`
        : `Cannot create it: ${errorText(reply)}`;
      error.hidden = false;
      return;
    }
    $('create-dialog').close();
    await loadFiles();
    state.baseline = snapshot(); // the discard was confirmed
    history.pushState(null, '', `#${reply.data.path}`);
    await openFile(reply.data.path);
    say(`Created ${reply.data.path}`, 'ok');
  });

  // ---- wiring -------------------------------------------------------------------------------------

  $('search').addEventListener('input', renderFiles);
  $('search').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      const first = document.querySelector('#files a.file');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  $('save').addEventListener('click', () => save());
  $('unpublish').addEventListener('click', () => {
    const entry = state.fields.get('draft');
    const next = !(state.draft && state.draft.draft === true);
    if (entry && entry.control && entry.control.type === 'checkbox') {
      entry.control.checked = next;
      entry.control.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (state.draft) {
      state.draft.draft = next;
      changed();
    }
    say(next
      ? 'Marked as a draft: save to take the page off the site.'
      : 'Marked as published: save to put the page on the site.');
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (isDirty()) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  async function start() {
    const [model] = await Promise.all([api('GET', 'model'), loadFiles()]);
    if (model.status !== 200) {
      say(`Cannot read the content model: ${errorText(model)}`, 'error');
      return;
    }
    state.model = model.data;
    state.model.kinds = state.model.kinds || {};
    state.model.images = state.model.images || [];
    const path = decodeURIComponent(location.hash.slice(1));
    if (path) openFile(path);
    else say('Ready');
  }

  // For tests and the curious: the draft as it would be saved.
  window.hirepageEditor = {
    serialize: () => state.file && { fields: serialize(), body: state.body },
    dirty: isDirty,
  };

  start();
})();
