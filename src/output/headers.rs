//! HTTP headers of the published files: the `_headers` file that Netlify
//! and Cloudflare Pages read, and the content type and cache policy of each
//! file (the manifest carries them for uploads to S3 and the like).
//!
//! Two cache policies: files with a content hash in their name (and their
//! `.gz`/`.br` copies) are cached for a year and never revalidated; every
//! other file (HTML, `sitemap.xml`, `robots.txt`, kept names) is cached for
//! a minute and then revalidated, so a deploy shows within a minute without
//! a purge. Both hosts join the values of a header that several rules set,
//! so the `Cache-Control` rules never overlap: a folder gets one `/dir/*`
//! rule when every file under it shares a policy, and each file its own rule
//! otherwise. Security headers go on `/*`.

use std::collections::{BTreeMap, BTreeSet};

use super::OutputFile;

/// The file Netlify and Cloudflare Pages read headers from.
pub const HEADERS_FILE: &str = "_headers";

/// `Cache-Control` of files whose name carries a content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of every other file: a short cache, then revalidation.
pub const REVALIDATE: &str = "public, max-age=60, must-revalidate";

/// Only the site's own origin: the default theme has no inline script
/// (JSON-LD blocks are data, which CSP does not block), no inline style and
/// no third-party origin. Images may be `data:` URLs (small icons in CSS).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'self'; \
    connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    img-src 'self' data:; manifest-src 'self'; object-src 'none'; script-src 'self'; \
    style-src 'self'";

/// The policy of the Git-based CMS's pages under `/admin/` (`hirepage cms`).
/// Its script is the site's own file, like every other script; it needs
/// three more things than the site: styles it inserts at run time
/// (`'unsafe-inline'` for styles only), the GitHub API it commits through
/// (`connect-src`), and `blob:`/`data:` URLs for the media it previews.
pub const ADMIN_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'self'; \
    connect-src 'self' blob: data: https://api.github.com https://www.githubstatus.com; \
    font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; frame-src 'self' blob:; \
    img-src 'self' blob: data: https://avatars.githubusercontent.com; manifest-src 'self' blob:; \
    media-src 'self' blob:; \
    object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    worker-src 'self' blob:";

/// The folder of the Git-based CMS in the published site.
const ADMIN_PREFIX: &str = "admin/";

/// The Content-Security-Policy of the published file at `path`: the CMS's
/// under `/admin/`, the site's everywhere else. `_headers` and `serve`
/// both ask here.
pub fn content_security_policy(path: &str) -> &'static str {
    if path.starts_with(ADMIN_PREFIX) {
        ADMIN_CONTENT_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    }
}

/// Headers sent with every file.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
];

/// The `Cache-Control` of a published file; `hashed` holds the published
/// paths that carry a content hash.
pub fn cache_control(path: &str, hashed: &BTreeSet<String>) -> &'static str {
    let original = path
        .strip_suffix(".gz")
        .or_else(|| path.strip_suffix(".br"))
        .unwrap_or(path);
    // Every social card's name carries a hash of what decides its bytes.
    if hashed.contains(path) || hashed.contains(original) || crate::images::cards::is_card(original)
    {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// The `_headers` file for the published `paths` (the file itself excluded).
pub fn headers_file<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    hashed: &BTreeSet<String>,
) -> OutputFile {
    let entries: Vec<(&str, &str)> = paths
        .into_iter()
        .filter(|p| *p != HEADERS_FILE)
        .map(|p| (p, cache_control(p, hashed)))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect();
    let mut rules = Vec::new();
    cache_rules("", &entries, &mut rules);
    rules.sort();

    let mut text = String::from(
        "# Written by hirepage: headers for Netlify and Cloudflare Pages.\n\
         # Content-hashed files are cached for a year, the rest revalidated.\n\n/*\n",
    );
    // Both hosts join the values of a header that several rules set, and a
    // browser enforces every policy it gets: so with a CMS under /admin/,
    // the site's policy goes on rules that leave /admin/ out.
    let has_admin = entries.iter().any(|(p, _)| p.starts_with(ADMIN_PREFIX));
    for (name, value) in SECURITY_HEADERS {
        if !(has_admin && *name == "Content-Security-Policy") {
            text.push_str(&format!("  {name}: {value}\n"));
        }
    }
    let mut csp_rules = BTreeMap::new();
    if has_admin {
        for (path, _) in &entries {
            let policy = content_security_policy(path);
            let (pattern, policy) = match path.split_once('/') {
                Some((folder, _)) => (format!("/{folder}/*"), policy),
                None if path.ends_with(".gz") || path.ends_with(".br") => continue,
                None if *path == "index.html" => {
                    csp_rules.insert("/".to_string(), CONTENT_SECURITY_POLICY);
                    (format!("/{path}"), CONTENT_SECURITY_POLICY)
                }
                None => (format!("/{path}"), CONTENT_SECURITY_POLICY),
            };
            csp_rules.insert(pattern, policy);
        }
    }
    for (pattern, _) in &rules {
        if pattern != "/*" && !csp_rules.contains_key(pattern) {
            csp_rules.insert(pattern.clone(), "");
        }
    }
    let cache: BTreeMap<&str, &str> = rules.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    if let Some(policy) = cache.get("/*") {
        // When every file shares one policy, it joins the security rule.
        text.push_str(&format!("  Cache-Control: {policy}\n"));
    }
    for (pattern, csp) in csp_rules {
        text.push_str(&format!("\n{pattern}\n"));
        if !csp.is_empty() {
            text.push_str(&format!("  Content-Security-Policy: {csp}\n"));
        }
        if let Some(policy) = cache.get(pattern.as_str()) {
            text.push_str(&format!("  Cache-Control: {policy}\n"));
        }
    }
    OutputFile::new(HEADERS_FILE.into(), text.into_bytes())
}

/// Non-overlapping `(pattern, Cache-Control)` rules for the files under
/// `prefix` (`""` or `"css/"`); `entries` are sorted paths with their policy.
fn cache_rules(
    prefix: &str,
    entries: &[(&str, &'static str)],
    rules: &mut Vec<(String, &'static str)>,
) {
    if let Some(&(_, first)) = entries.first()
        && entries.iter().all(|&(_, policy)| policy == first)
    {
        rules.push((format!("/{prefix}*"), first));
        return;
    }
    let mut i = 0;
    while i < entries.len() {
        let rest = &entries[i].0[prefix.len()..];
        match rest.split_once('/') {
            Some((folder, _)) => {
                let inner = format!("{prefix}{folder}/");
                let end = entries[i..]
                    .iter()
                    .position(|(p, _)| !p.starts_with(&inner))
                    .map_or(entries.len(), |n| i + n);
                cache_rules(&inner, &entries[i..end], rules);
                i = end;
            }
            None => {
                let (path, policy) = entries[i];
                // Nobody asks for a compressed copy by its own URL.
                if !rest.ends_with(".gz") && !rest.ends_with(".br") {
                    if rest == "index.html" {
                        rules.push((format!("/{prefix}"), policy));
                    }
                    rules.push((format!("/{path}"), policy));
                }
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed() -> BTreeSet<String> {
        BTreeSet::from([
            "css/site.11111111.css".to_string(),
            "favicon.22222222.svg".to_string(),
        ])
    }

    #[test]
    fn cache_rules_do_not_overlap() {
        let paths = [
            "404.html",
            "css/site.11111111.css",
            "css/site.11111111.css.br",
            "favicon.22222222.svg",
            "hire/a/index.html",
            "hire/index.html",
            "index.html",
            "index.html.gz",
            "manifest.json",
        ];
        let file = headers_file(paths, &hashed());
        let text = String::from_utf8(file.bytes).unwrap();
        let rules: Vec<&str> = text.lines().filter(|l| l.starts_with('/')).collect();
        assert_eq!(
            rules,
            [
                "/*",
                "/",
                "/404.html",
                "/css/*",
                "/favicon.22222222.svg",
                "/hire/*",
                "/index.html",
                "/manifest.json"
            ]
        );
        assert!(text.contains("/css/*\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(text.contains("/hire/*\n  Cache-Control: public, max-age=60, must-revalidate\n"));
        assert!(text.contains("  X-Content-Type-Options: nosniff\n"));
        assert_eq!(text.matches("Cache-Control").count(), rules.len() - 1);
    }

    #[test]
    fn the_cms_folder_gets_its_own_policy_and_no_other() {
        let paths = [
            "admin/index.html",
            "admin/sveltia-cms.js",
            "hire/index.html",
            "index.html",
            "css/site.11111111.css",
        ];
        let text = String::from_utf8(headers_file(paths, &hashed()).bytes).unwrap();
        let rules = |pattern: &str| -> Vec<String> {
            text.split("\n\n")
                .filter(|block| block.starts_with(&format!("{pattern}\n")))
                .flat_map(|block| block.lines().skip(1).map(str::to_string))
                .collect()
        };
        let csp_of = |pattern: &str| -> Vec<String> {
            rules(pattern)
                .into_iter()
                .filter_map(|l| {
                    l.strip_prefix("  Content-Security-Policy: ")
                        .map(str::to_string)
                })
                .collect()
        };
        assert!(csp_of("/*").is_empty(), "{text}");
        assert_eq!(csp_of("/admin/*"), [ADMIN_CONTENT_SECURITY_POLICY]);
        for pattern in ["/", "/index.html", "/hire/*", "/css/*"] {
            assert_eq!(
                csp_of(pattern),
                [CONTENT_SECURITY_POLICY],
                "{pattern}\n{text}"
            );
        }
        assert!(
            !ADMIN_CONTENT_SECURITY_POLICY.contains("script-src 'self' "),
            "no other script origin"
        );
        // Without a CMS, the one policy stays on /*.
        let plain = String::from_utf8(headers_file(["index.html"], &hashed()).bytes).unwrap();
        assert!(plain.contains("/*\n  Content-Security-Policy: default-src"));
    }

    #[test]
    fn a_mixed_folder_lists_its_files() {
        let hashed = BTreeSet::from(["a/x.11111111.png".to_string()]);
        let file = headers_file(["a/index.html", "a/x.11111111.png"], &hashed);
        let text = String::from_utf8(file.bytes).unwrap();
        assert!(text.contains("\n/a/\n  Cache-Control: public, max-age=60"));
        assert!(text.contains("\n/a/index.html\n  Cache-Control: public, max-age=60"));
        assert!(text.contains("\n/a/x.11111111.png\n  Cache-Control: public, max-age=31536000"));
    }

    #[test]
    fn compressed_copies_share_the_policy_of_their_file() {
        assert_eq!(
            cache_control("css/site.11111111.css.gz", &hashed()),
            IMMUTABLE
        );
        assert_eq!(cache_control("index.html.br", &hashed()), REVALIDATE);
    }
}
