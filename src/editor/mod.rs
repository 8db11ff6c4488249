//! The editor in `serve`: marketing edits content files in the browser, and
//! sees the page of the unsaved draft rendered by the same pipeline that
//! builds the site.
//!
//! Everything of the editor lives under `/_hirepage/` (no page of a site
//! can have a URL there: the `_` prefix is refused for slugs).
//!
//! # Pages
//!
//! - `GET /_hirepage/edit/?token=T` sets the cookie `hirepage_token_<port>`
//!   (`HttpOnly; SameSite=Strict; Path=/_hirepage/`) and redirects to
//!   `/_hirepage/edit/`, so the token leaves the address bar and history.
//!   The port is in the cookie's name because cookies ignore ports: two
//!   `serve`s on one machine would otherwise log each other out.
//! - `GET /_hirepage/edit/` (with the cookie) is the editor, a page with
//!   no build step whose HTML, CSS and JS (`src/editor/ui/`) are in the binary:
//!   `/_hirepage/edit/editor.css`, `/_hirepage/edit/editor.js`.
//!
//! # The JSON API
//!
//! Every request needs the token (header `X-Hirepage-Token` or the cookie):
//! else 401. A request whose `Origin` (or `Sec-Fetch-Site`) says another
//! site sent it: 403. Bodies are JSON (`Content-Type: application/json`,
//! else 415) of at most 4 MiB (else 413), except image uploads. Errors are
//! `{"error": "…"}`.
//!
//! | request | answer |
//! |---|---|
//! | `GET /_hirepage/api/files` | `{"files": [{"path", "kind", "title", "url", "draft"}]}` |
//! | `GET /_hirepage/api/model` | `{"kinds": {"role": [Field…], "skill", "page", "home"}, "skills": [name…], "aliases": {alias: name}, "roles": [{"slug", "title"}], "images": [url…], "templates": [name…]}` |
//! | `GET /_hirepage/api/file?path=content/roles/x.md` | `{"path", "kind", "version", "fields", "body", "readonly": [field path…]}` |
//! | `POST /_hirepage/api/preview` `{"path", "fields", "body", "page"}` | `{"html", "url", "diagnostics"}` |
//! | `PUT /_hirepage/api/file?path=…` `{"version", "fields", "body"}` | 200 `{"version"}`; 409 `{"error", "version"}`; 422 `{"diagnostics"}` |
//! | `POST /_hirepage/api/file` `{"kind", "title"}` | 201 `{"path"}`; 409 if the file exists |
//! | `POST /_hirepage/api/images?name=x.jpg[&overwrite=1]`, the image's bytes | 201 `{"path", "url"}`; 200 for identical bytes already there; 409 `{"error", "suggestion"}` for a different file of that name |
//!
//! - `kind` is `role`, `skill`, `page` or `home`.
//! - `fields` is the front matter as JSON, keys in file order; `body` the
//!   Markdown after it. A field the draft leaves out is removed from the
//!   file; `null` is not a value the editor sends.
//! - `version` is opaque and changes whenever the file's bytes do.
//! - A field path names a value inside `fields`, segments joined by `/`:
//!   `title`, `hero/cta/label`, `candidates/0/name`. `readonly` lists the
//!   values a save cannot keep (YAML anchors, aliases, tags): the form shows
//!   them without letting them be edited.
//! - `page` is `main` (the default) or `questions` (a role's
//!   interview-questions page).
//! - `html` is the whole page, or `null` when the draft does not load;
//!   `url` is its URL on the preview server.
//! - A diagnostic is `{"severity": "error"|"warning", "code", "message",
//!   "hint", "line", "column", "field"}`; `field` is the field path the
//!   line falls in, `body` for the Markdown body, or `null`.
//! - A `Field` of the model: `{"name", "label", "description", "required",
//!   "widget", …}`, in model order, where `widget` is one of `line`, `text`
//!   (several lines), `markdown`, `slug`, `image`, `date`, `integer`,
//!   `number`, `boolean`, `choice` (with `options`), `object` (with
//!   `fields`), `list` (with `item`, a `Field` without `name`), `skills`
//!   (names, completed from `skills` and `aliases`), `related` (role slugs,
//!   chosen from `roles`), `template` (chosen from `templates`), `map` (a
//!   free map, shown read-only as YAML).

mod patch;
