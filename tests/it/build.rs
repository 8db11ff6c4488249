//! Building fixture sites and inspecting the written files.

use crate::publish::published;
use crate::util::TestSite;

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("no <main>");
    let end = html.find("</main>").expect("no </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn every_url_of_the_contract_is_written() {
    let site = TestSite::fixture("minimal");
    let run = site.build_ok(&[]);
    for file in [
        "index.html",
        "hire/index.html",
        "hire/backend-developers/index.html",
        "hire/backend-developers/interview-questions/index.html",
        "hire/frontend-developers/index.html",
        "hire/python-developers/index.html",
        "hire/go-developers/index.html",
        "hire/csharp-developers/index.html",
        "hire/cpp-developers/index.html",
        "hire/nodejs-developers/index.html",
        "hire/javascript-developers/index.html",
        "about/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(
            site.exists(&format!("public/{file}")),
            "missing public/{file}"
        );
    }
    // Static files are published under content-hashed names.
    for file in ["css/site.css", "favicon.svg"] {
        assert!(site.exists(&format!("public/{}", published(&site, file))));
    }
    // A role without interview questions has no questions page.
    assert!(!site.exists("public/hire/frontend-developers/interview-questions/index.html"));
    // Drafts are left out.
    assert!(!site.exists("public/hire/draft/index.html"));
    assert!(!site.exists("public/hire/rust-developers/index.html"));
    assert!(
        run.stdout.starts_with(
            "Built 16 pages (2 roles, 1 interview-question pages, 9 skills, 1 plain pages, 0 location pages, 3 other)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn skills_are_merged_through_aliases_and_case() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    // "Golang" (role) and "Go" (candidate) are one skill: Go.
    assert!(!site.exists("public/hire/golang-developers/index.html"));
    let go = site.read("public/hire/go-developers/index.html");
    assert!(
        go.contains("<title>Hire Go Developers | Test Talent</title>"),
        "{go}"
    );
    assert!(go.contains("Ana P."), "the candidate with Go is listed");
    assert!(
        go.contains("Hire Backend Developers"),
        "the role that needs Go is listed"
    );
    let role = site.read("public/hire/backend-developers/index.html");
    // Skill links show the canonical name, and their text makes sense
    // alone: "Go developers".
    assert!(
        role.contains(r#"href="/hire/go-developers/">Go<span class="vh"> developers</span></a>"#),
        "skill chips use the canonical name"
    );
    assert!(!role.contains(">Golang<"), "no alias is shown");
    // Skill copy from content/skills/python.md.
    let python = site.read("public/hire/python-developers/index.html");
    assert!(python.contains("Readable and everywhere."));
    assert!(python.contains("David R."));
}

#[test]
fn role_page_has_every_section() {
    let site = TestSite::fixture("minimal");
    // The page as the templates write it; minification is tested in publish.rs.
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}minify: false\n"));
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers/index.html");
    insta::assert_snapshot!(main_of(&html));
}

#[test]
fn headings_get_ids_and_form_the_toc() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers/index.html");
    assert!(html.contains(r#"<h2 id="what-is-a-backend-developer">"#));
    assert!(html.contains(r#"<h3 id="latency">"#));
    assert!(html.contains(
        r##"<a href="#why-hire-a-backend-developer">Why hire a backend developer?</a>"##
    ));
    // Interview answers are Markdown, code is highlighted.
    let questions = site.read("public/hire/backend-developers/interview-questions/index.html");
    assert!(questions.contains("<strong>client's</strong>"));
    assert!(questions.contains(r#"<pre class="code" data-lang="sql" tabindex="0">"#));
    assert!(questions.contains("hl-keyword"));
}

#[test]
fn sitemap_and_robots() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://talent.example.com/hire/backend-developers/</loc>\n    <lastmod>2026-03-01</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://talent.example.com/about/</loc>"));
    assert!(sitemap.contains("<loc>https://talent.example.com/hire/go-developers/</loc>\n    <lastmod>2026-03-01</lastmod>"));
    assert!(!sitemap.contains("404"));
    assert_eq!(sitemap.matches("<url>").count(), 15);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://talent.example.com/sitemap.xml\n"
    );
}

#[test]
fn building_twice_gives_identical_bytes() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let first = site.tree("public");
    site.build_ok(&[]);
    let second = site.tree("public");
    assert!(first.len() > 50);
    assert!(first == second, "two builds differ");
}

#[test]
fn drafts_are_built_on_request() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&["--drafts"]);
    assert!(site.exists("public/hire/draft/index.html"));
    assert!(site.exists("public/hire/rust-developers/index.html"));
}

#[test]
fn site_files_override_theme_files() {
    let site = TestSite::fixture("minimal");
    site.write(
        "templates/page.html",
        "<!doctype html><title>x</title><main>custom {{ page.title }}</main>",
    );
    site.write("static/css/site.css", "body{color:red}");
    site.write("static/images/logo.png", b"\x89PNG");
    site.build_ok(&[]);
    assert_eq!(
        site.read("public/about/index.html"),
        "<!doctype html><title>x</title><main>custom About us</main>"
    );
    assert_eq!(
        site.read(&format!("public/{}", published(&site, "css/site.css"))),
        "body{color:red}"
    );
    assert!(site.exists(&format!("public/{}", published(&site, "images/logo.png"))));
}

#[test]
fn front_matter_is_escaped_and_raw_html_in_markdown_is_kept() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/xss.md",
        "---\ntitle: \"<script>alert(1)</script>\"\ndescription: \"Quotes \\\" and <b>tags</b> are escaped in attributes.\"\n---\n<em class=\"kept\">raw</em>\n",
    );
    site.build_ok(&[]);
    let html = site.read("public/xss/index.html");
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains(r#"content="Quotes &quot; and &lt;b&gt;tags&lt;"#),
        "{html}"
    );
    assert!(html.contains(r#"<em class="kept">raw</em>"#));
    let about = site.read("public/about/index.html");
    assert!(about.contains(r#"<span class="raw-html">Raw HTML passes through.</span>"#));
}

#[test]
fn base_url_override_moves_canonical_urls_and_links_under_a_sub_path() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&["--base-url", "https://preview.example.com/pr-42/"]);
    let html = site.read("public/hire/backend-developers/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://preview.example.com/pr-42/hire/backend-developers/">"#));
    assert!(
        html.contains(r#"href="/pr-42/hire/frontend-developers/""#),
        "markdown links get the base path"
    );
    assert!(html.contains(&format!(
        r#"href="/pr-42/{}""#,
        published(&site, "css/site.css")
    )));
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://preview.example.com/pr-42/about/</loc>")
    );
}

#[test]
fn a_role_with_only_required_fields_builds() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/roles/bare.md",
        "---\ntitle: Hire Bare Developers\nrole: Bare Developer\ndescription: Only the required fields of a role are set in this file.\nskills: [Python]\n---\n",
    );
    site.build_ok(&[]);
    let html = site.read("public/hire/bare/index.html");
    assert!(html.contains("<h1 id=\"page-title\">Hire Bare Developers</h1>"));
    assert_eq!(html.matches("<h1").count(), 1, "one h1");
    assert!(!html.contains("Guide to hiring"), "no empty guide section");
    assert!(
        !html.contains("interview questions"),
        "no empty questions section"
    );
    for absent in [
        "candidates-title",
        "Meet the candidates",
        "pitch-title",
        "faq-title",
        "What our clients say",
        "hero-heading",
        "hero-subheading",
    ] {
        assert!(!html.contains(absent), "{absent:?} is on the page");
    }
    let main = main_of(&html);
    for section in main.split("<section").skip(1) {
        let section = &section[..section.find("</section>").expect("unclosed section")];
        assert!(
            section.contains("<h1") || section.contains("<h2"),
            "a section without a heading:\n<section{section}"
        );
    }
    assert_no_empty_elements(main);
}

/// Fails on an element with nothing but whitespace inside, the trace of a
/// template printing the wrapper of an absent field.
fn assert_no_empty_elements(html: &str) {
    for tag in ["section", "div", "nav", "ul", "ol", "li", "p", "h2", "h3"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut rest = html;
        while let Some(at) = rest.find(&open) {
            rest = &rest[at + open.len()..];
            if !rest.starts_with([' ', '>']) {
                continue; // <p> vs <pre>
            }
            let inside = &rest[rest.find('>').unwrap() + 1..];
            assert!(
                !inside.trim_start().starts_with(&close),
                "an empty <{tag}> in:\n{html}"
            );
        }
    }
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = TestSite::fixture("minimal");
    site.write("content/roles/notes.txt", "not content");
    let run = site.build_ok(&[]);
    assert!(
        run.stderr
            .contains("content/roles/notes.txt: warning: this file is not part of any page"),
        "{}",
        run.stderr
    );
    // The content lint adds three: frontend.md has no candidates and no
    // interview questions, and the bare Node.js and C# skill pages are
    // near-duplicates.
    assert!(run.stdout.contains(", 4 warnings"), "{}", run.stdout);
}

#[test]
fn the_example_site_builds_without_warnings() {
    let site = TestSite::example();
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr, "", "the example site has warnings");
    assert!(site.exists("public/hire/backend-developers/interview-questions/index.html"));
}

#[test]
fn og_image_is_an_absolute_fingerprinted_url() {
    let site = TestSite::fixture("minimal");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}og_image: /images/share.png\n"),
    );
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(300, 200, image::Rgb([10, 20, 30]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    site.write("static/images/share.png", png.into_inner());
    site.build_ok(&["--base-url", "https://talent.example.com/preview/"]);
    let html = site.read("public/about/index.html");
    let start = html
        .find(r#"<meta property="og:image" content=""#)
        .expect("no og:image")
        + 35;
    let url = &html[start..start + html[start..].find('"').unwrap()];
    assert!(
        url.starts_with("https://talent.example.com/preview/images/share-300."),
        "{url}"
    );
    assert!(
        url.ends_with(".png")
            && url.len() > "https://talent.example.com/preview/images/share-300..png".len(),
        "{url}"
    );
    let file = url.trim_start_matches("https://talent.example.com/preview/");
    assert!(
        site.exists(&format!("public/{file}")),
        "{file} is published"
    );
}

/// Adds `count` roles `elixir-00`, `elixir-01`… that need Elixir, each with
/// one candidate and no `related`.
fn add_elixir_roles(site: &TestSite, count: usize) {
    for i in 0..count {
        site.write(
            &format!("content/roles/elixir-{i:02}.md"),
            format!(
                "---\ntitle: Hire Elixir Developers, team {i}\nrole: Elixir Developer\ndescription: Elixir developers for team number {i}, who build fault-tolerant services.\nskills: [Elixir]\ncandidates:\n  - {{name: Dev {i}, title: Engineer, skills: [Elixir]}}\n---\n"
            ),
        );
    }
}

#[test]
fn a_popular_skill_page_stays_light() {
    let site = TestSite::fixture("minimal");
    add_elixir_roles(&site, 30);
    site.build_ok(&[]);
    let html = site.read("public/hire/elixir-developers/index.html");
    assert_eq!(
        html.matches(r#"class="card candidate""#).count(),
        12,
        "the first 12 candidates"
    );
    assert_eq!(
        html.matches(r#"class="card role-card""#).count(),
        24,
        "the first 24 roles"
    );
    assert!(html.contains("See all 30 roles in the directory"));
}

/// The links of the `<nav>` labelled by `title_id` on a page.
fn nav_links<'a>(html: &'a str, title_id: &str) -> Vec<&'a str> {
    let start = html
        .find(&format!(r#"<nav aria-labelledby="{title_id}">"#))
        .unwrap_or_else(|| panic!("no nav labelled {title_id}"));
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    nav.split(r#"href=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[test]
fn role_pages_browse_their_related_roles_or_the_first_others() {
    let site = TestSite::fixture("minimal");
    add_elixir_roles(&site, 14);
    site.build_ok(&[]);

    // `related` is listed as given.
    let backend = site.read("public/hire/backend-developers/index.html");
    assert_eq!(
        nav_links(&backend, "browse-roles-title"),
        ["/hire/frontend-developers/"]
    );
    // The role's own skills, canonical and linked to their pages.
    assert_eq!(
        nav_links(&backend, "browse-skills-title"),
        [
            "/hire/python-developers/",
            "/hire/go-developers/",
            "/hire/sql-developers/",
            "/hire/csharp-developers/",
            "/hire/nodejs-developers/",
        ]
    );

    // Without `related`: 12 other roles, never the page itself.
    for i in 0..14 {
        let url = format!("/hire/elixir-{i:02}/");
        let html = site.read(&format!("public{url}index.html"));
        let links = nav_links(&html, "browse-roles-title");
        assert_eq!(links.len(), 12, "{url}: {links:?}");
        assert!(!links.contains(&url.as_str()), "{url} lists itself");
    }
}

/// Issue 13: `CSharp` and `C#` (one slug, no alias) were merged without a
/// word; across files as well (`NodeJS` here, `Node.js` in backend.md).
#[test]
fn issue_13_two_spellings_of_one_slug_warn_and_show_one_chip() {
    let site = TestSite::invalid("same-skill-slug");
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains(
            "content/roles/dotnet.md:5:16: warning: skills `CSharp` and `C#` have the same URL \
             /hire/csharp-developers/, so they are one skill, shown as `C#`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("add `CSharp: C#` under `aliases:` in content/_data/skills.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/roles/dotnet.md:5:24: warning: skills `NodeJS` and `Node.js` (in \
             content/roles/backend.md) have the same URL /hire/nodejs-developers/"
        ),
        "{}",
        run.stderr
    );
    let html = site.read("public/hire/dotnet/index.html");
    let chips = html.matches("href=\"/hire/csharp-developers/\"").count();
    assert_eq!(chips, 1, "{html}");
}

/// Issue 13: `content/roles/.md` and dot-files were skipped without a word
/// while `notes.txt` got `ignored-file`; editors' swap files stay silent.
#[test]
fn issue_13_every_file_that_is_no_page_gets_ignored_file() {
    let site = TestSite::invalid("dot-files");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, message) in [
        ("content/roles/.md", "this file has no name before `.md`"),
        ("content/.DS_Store", "this file is not part of any page"),
        (
            "content/.obsidian",
            "this hidden folder is not part of any page",
        ),
        ("content/notes.txt", "this file is not part of any page"),
    ] {
        assert!(
            run.stderr.contains(&format!("{file}: warning: {message}")),
            "{file}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(".obsidian/app.json"), "{}", run.stderr);
    assert!(!run.stderr.contains(".swp"), "{}", run.stderr);
}

/// Issue 13: a photo on another site passed `check`, though the published
/// Content-Security-Policy blocks it.
#[test]
fn issue_13_an_external_photo_warns_about_the_csp() {
    let site = TestSite::invalid("external-photo");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/roles/remote.md:9:12: warning: image `https://images.example.com/ana.jpg` \
             is on another site, and browsers will not show it [external-image]"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("img-src 'self' data:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/roles/remote.md:13:13: warning: `vbscript:x` is not a web"),
        "{}",
        run.stderr
    );
}
