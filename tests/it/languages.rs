//! Languages (issue 17): translations under `/<lang>/`, what they inherit,
//! hreflang and the sitemap's alternates, the switcher, theme strings and
//! `check`'s report, and bad input.

use crate::util::TestSite;

/// The minimal fixture in English, Spanish and Portuguese: the backend
/// role and the about page have a Spanish translation with slugs of their
/// own, the frontend role has none; Portuguese has only the home page.
fn site() -> TestSite {
    let site = TestSite::fixture("minimal");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!(
            "{config}languages:\n  es:\n    title: Talento de Prueba\n    cta: {{label: Hablemos, url: /about/}}\n  pt:\n    description: Um site pequeno.\n"
        ),
    );
    site.write(
        "content/roles/backend.es.md",
        "---\ntitle: Contrata desarrolladores backend\nrole: Desarrollador backend\n\
         description: Contrata desarrolladores backend que diseñan APIs, cuidan las bases de datos y despliegan con seguridad.\n\
         slug: desarrolladores-backend\n\
         candidates:\n  - title: Desarrollador backend\n    highlights: [Construyó una API de pagos]\n  - title: Ingeniera backend\n\
         interview_questions:\n  - question: ¿Cómo diseñas una API?\n    answer: Partiendo de cómo la usan los clientes.\n\
         ---\n## ¿Qué hace un desarrollador backend?\n\nConstruye [servicios](/es/acerca/).\n",
    );
    site.write(
        "content/pages/about.es.md",
        "---\ntitle: Acerca de Talento de Prueba\ndescription: Quiénes somos y cómo evaluamos a los ingenieros que presentamos a nuestros clientes.\nslug: acerca\n---\n## Quiénes somos\n\nUn equipo pequeño.\n",
    );
    site.write(
        "content/_index.pt.md",
        "---\ntitle: Talento de Teste\ndescription: Contrate engenheiros avaliados que trabalham no seu horário, em menos tempo.\n---\nOlá.\n",
    );
    site
}

/// The `<link rel="alternate">` tags of a page, as (hreflang, href).
fn alternates(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let (lang, rest) = rest.split_once('"').unwrap();
            let href = rest.split("href=\"").nth(1).unwrap();
            let href = href.split('"').next().unwrap();
            (lang.to_string(), href.to_string())
        })
        .collect()
}

const BASE: &str = "https://talent.example.com";

#[test]
fn translations_live_under_their_language_with_their_own_slugs() {
    let site = site();
    site.build_ok(&[]);
    assert!(site.exists("public/hire/backend-developers/index.html"));
    assert!(site.exists("public/es/hire/desarrolladores-backend/index.html"));
    assert!(site.exists("public/es/hire/desarrolladores-backend/interview-questions/index.html"));
    assert!(site.exists("public/es/acerca/index.html"));
    assert!(
        site.exists("public/es/index.html"),
        "every language has a home page"
    );
    assert!(site.exists("public/es/hire/index.html"), "and a directory");
    assert!(site.exists("public/pt/index.html"));
    // No machine fallback: what has no translation is not generated there.
    assert!(!site.exists("public/es/hire/frontend-developers"));
    assert!(!site.exists("public/es/hire/backend-developers"));
    assert!(!site.exists("public/es/about"));
    assert!(!site.exists("public/pt/hire/backend-developers"));
    assert!(
        !site.exists("public/es/404.html"),
        "one 404 page serves all"
    );

    let es = site.read("public/es/hire/desarrolladores-backend/index.html");
    assert!(es.contains("<html lang=\"es\">"), "{es}");
    assert!(es.contains(&format!(
        "<link rel=\"canonical\" href=\"{BASE}/es/hire/desarrolladores-backend/\">"
    )));
    assert!(es.contains("<meta property=\"og:locale\" content=\"es\">"));
    // The directory of a language lists its translated roles only.
    let directory = site.read("public/es/hire/index.html");
    assert!(directory.contains("/es/hire/desarrolladores-backend/"));
    assert!(!directory.contains("frontend-developers/\""), "{directory}");
    assert!(directory.contains("Contrata desarrolladores por perfil y tecnología"));
}

#[test]
fn a_translation_inherits_what_is_not_text() {
    let site = site();
    site.build_ok(&[]);
    let es = site.read("public/es/hire/desarrolladores-backend/index.html");
    // Names, skills and the cards' skills come from the original.
    assert!(es.contains("David R."), "{es}");
    assert!(es.contains("Ana P."));
    assert!(es.contains("Construyó una API de pagos"));
    assert!(es.contains("Desarrollador backend"));
    assert!(
        es.contains("/es/hire/python-developers/"),
        "skills are inherited"
    );
    // Its skill pages exist in Spanish, for its roles only.
    let python = site.read("public/es/hire/python-developers/index.html");
    assert!(
        python.contains("Contrata desarrolladores Python"),
        "{python}"
    );
    assert!(
        !site.exists("public/es/hire/react-developers"),
        "frontend's skill"
    );
    // Site text of the language, from `languages.es`.
    assert!(es.contains("Talento de Prueba"));
    assert!(es.contains(">Hablemos</a>"));
    // `url()` of a default page leads to its translation where there is one.
    assert!(es.contains("href=\"/es/acerca/\""), "{es}");
}

#[test]
fn hreflang_is_reciprocal_with_x_default_and_only_to_existing_pages() {
    let site = site();
    site.build_ok(&[]);
    let en = site.read("public/hire/backend-developers/index.html");
    let es = site.read("public/es/hire/desarrolladores-backend/index.html");
    let expected = vec![
        ("en".to_string(), format!("{BASE}/hire/backend-developers/")),
        (
            "x-default".to_string(),
            format!("{BASE}/hire/backend-developers/"),
        ),
        (
            "es".to_string(),
            format!("{BASE}/es/hire/desarrolladores-backend/"),
        ),
    ];
    assert_eq!(alternates(&en), expected);
    assert_eq!(alternates(&es), expected, "the same set from both sides");
    // Portuguese has no such page: no alternate points at one.
    assert!(!en.contains("hreflang=\"pt\" href"), "{en}");
    let frontend = site.read("public/hire/frontend-developers/index.html");
    assert!(
        alternates(&frontend).is_empty(),
        "a page in one language only"
    );
    // The home page exists in all three.
    let home = alternates(&site.read("public/index.html"));
    let langs: Vec<&str> = home.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["en", "x-default", "es", "pt"]);
    // Every alternate is a page that was written.
    for (_, href) in alternates(&en).into_iter().chain(home) {
        let path = href.strip_prefix(BASE).unwrap();
        assert!(site.exists(&format!("public{path}index.html")), "{href}");
    }
}

#[test]
fn the_sitemap_lists_each_pages_alternates() {
    let site = site();
    site.build_ok(&[]);
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = |loc: &str| {
        let start = sitemap
            .find(&format!("<loc>{BASE}{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} not in {sitemap}"));
        let end = start + sitemap[start..].find("</url>").unwrap();
        sitemap[start..end].to_string()
    };
    for loc in [
        "/hire/backend-developers/",
        "/es/hire/desarrolladores-backend/",
    ] {
        let e = entry(loc);
        assert!(
            e.contains(&format!("<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"{BASE}/es/hire/desarrolladores-backend/\"/>")),
            "{e}"
        );
        assert!(e.contains(&format!("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{BASE}/hire/backend-developers/\"/>")));
    }
    assert!(!entry("/hire/frontend-developers/").contains("xhtml:link"));
    assert!(!sitemap.contains("/es/hire/frontend-developers/"));
}

#[test]
fn the_switcher_leads_to_the_same_page_or_that_languages_home() {
    let site = site();
    site.build_ok(&[]);
    let switcher = |html: &str| {
        let start = html
            .find("<nav class=\"language-switcher\"")
            .expect("a switcher");
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end].to_string()
    };
    let en = switcher(&site.read("public/hire/backend-developers/index.html"));
    assert!(
        en.contains("href=\"/es/hire/desarrolladores-backend/\""),
        "{en}"
    );
    assert!(en.contains("href=\"/pt/\""), "no Portuguese page: its home");
    assert!(en.contains(">Español</a>") && en.contains(">Português</a>"));
    assert!(en.contains("aria-current=\"page\">English</a>"));
    let frontend = switcher(&site.read("public/hire/frontend-developers/index.html"));
    assert!(frontend.contains("href=\"/es/\""), "{frontend}");
    let es = switcher(&site.read("public/es/acerca/index.html"));
    assert!(es.contains("href=\"/about/\"") && es.contains("aria-current=\"page\">Español"));
}

#[test]
fn theme_strings_are_translated_and_a_site_overrides_them() {
    let site = site();
    site.write("i18n/es.yaml", "skip_to_content: Ir directo al contenido\n");
    site.build_ok(&[]);
    let es = site.read("public/es/hire/desarrolladores-backend/index.html");
    assert!(
        es.contains(">Ir directo al contenido</a>"),
        "the site's own"
    );
    assert!(
        es.contains("aria-label=\"Ruta de navegación\""),
        "the theme's"
    );
    // Plurals: two candidates, one question.
    let directory = site.read("public/es/hire/index.html");
    assert!(
        directory.contains("2 candidatos disponibles"),
        "{directory}"
    );
    assert!(directory.contains("1 pregunta de entrevista"));
    let en = site.read("public/hire/index.html");
    assert!(en.contains("<span>2 candidates ready</span>"), "{en}");
}

#[test]
fn check_reports_missing_strings_and_untranslated_files() {
    let site = site();
    // The theme's Spanish file lacks a string: the page shows the English one.
    let es_strings = site.read("themes/default/i18n/es.yaml");
    let without: String = es_strings
        .lines()
        .filter(|l| !l.starts_with("skip_to_content:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("themes/default/i18n/es.yaml", without);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "a warning only: {}", run.stderr);
    assert!(
        run.stderr.contains("themes/default/i18n/es.yaml")
            && run.stderr.contains("`skip_to_content`")
            && run.stderr.contains("[missing-translation]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("Files without a translation: es 3, pt 4"),
        "{}",
        run.stdout
    );
    let denied = site.run(&["check", "--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);

    let json = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let es: Vec<&str> = report["untranslated"]["es"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        es,
        [
            "content/_index.md",
            "content/roles/frontend.md",
            "content/skills/python.md"
        ]
    );
    assert!(report["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["code"] == "missing-translation" && d["file"] == "themes/default/i18n/es.yaml"
    }));

    site.build_ok(&[]);
    let page = site.read("public/es/hire/desarrolladores-backend/index.html");
    assert!(
        page.contains(">Skip to content</a>"),
        "the default's string"
    );
}

#[test]
fn lint_runs_per_language() {
    let site = site();
    site.write(
        "content/pages/about.es.md",
        "---\ntitle: Acerca\ndescription: Corta.\nslug: acerca\n---\nUn equipo pequeño.\n",
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("content/pages/about.es.md")
            && run.stderr.contains("[short-description]"),
        "{}",
        run.stderr
    );
}

/// Builds once, then expects the next build to fail with exit 1 naming
/// `file`, with the first build's output left as it was.
fn fails_naming(site: &TestSite, file: &str) -> String {
    let before = site.tree("public");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(file),
        "{file} not named in:\n{}",
        run.stderr
    );
    assert_eq!(
        site.tree("public"),
        before,
        "the previous output is untouched"
    );
    run.stderr
}

#[test]
fn a_translation_into_an_unlisted_language_is_an_error() {
    let site = site();
    site.build_ok(&[]);
    site.write(
        "content/roles/backend.de.md",
        "---\ntitle: Backend-Entwickler einstellen\nrole: Backend-Entwickler\ndescription: Backend-Entwickler, die APIs entwerfen und sicher ausliefern, in Ihrer Zeitzone.\n---\n",
    );
    let stderr = fails_naming(&site, "content/roles/backend.de.md");
    assert!(
        stderr.contains("`de`") && stderr.contains("site.yaml"),
        "{stderr}"
    );
}

#[test]
fn a_translation_without_an_original_is_an_error() {
    let site = site();
    site.build_ok(&[]);
    site.write(
        "content/roles/nobody.es.md",
        "---\ntitle: Nadie\nrole: Nadie\ndescription: Un perfil que no existe en el idioma por defecto del sitio de prueba.\n---\n",
    );
    let stderr = fails_naming(&site, "content/roles/nobody.es.md");
    assert!(
        stderr.contains("[orphan-translation]") || stderr.contains("no original"),
        "{stderr}"
    );
    assert!(stderr.contains("content/roles/nobody.md"), "{stderr}");
}

#[test]
fn an_unknown_key_in_a_translation_is_an_error_at_its_line() {
    let site = site();
    site.build_ok(&[]);
    site.write(
        "content/pages/about.es.md",
        "---\ntitle: Acerca\ndescription: Quiénes somos y cómo evaluamos a los ingenieros que presentamos.\ntitel: x\n---\n",
    );
    let stderr = fails_naming(&site, "content/pages/about.es.md:4:");
    assert!(
        stderr.contains("unknown field `titel`") && stderr.contains("`title`"),
        "{stderr}"
    );
}

#[test]
fn bad_language_settings_are_errors_in_site_yaml() {
    let site = site();
    site.build_ok(&[]);
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace("    title: Talento de Prueba\n", "    titel: Talento\n"),
    );
    let stderr = fails_naming(&site, "site.yaml:");
    assert!(stderr.contains("unknown field `titel`"), "{stderr}");

    site.write("site.yaml", config.replace("  pt:\n", "  Portuguese:\n"));
    let stderr = fails_naming(&site, "site.yaml:");
    assert!(
        stderr.contains("`Portuguese` is not a language code"),
        "{stderr}"
    );
}

#[test]
fn a_site_in_one_language_has_no_alternates_or_switcher() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers/index.html");
    assert!(!html.contains("hreflang"), "{html}");
    assert!(!html.contains("language-switcher"));
    assert!(!site.read("public/sitemap.xml").contains("xhtml"));
    let json = site.run(&["check", "--format", "json"]);
    assert!(!json.stdout.contains("untranslated"));
}

#[test]
fn data_files_and_skill_names_are_translated_and_json_ld_says_the_language() {
    let site = site();
    let process = site.read("content/_data/process.yaml");
    site.write(
        "content/_data/process.es.yaml",
        process.replace("heading:", "heading: Así contratamos #"),
    );
    site.write(
        "content/_data/skills.es.yaml",
        "names:\n  SQL: Bases de datos SQL\n",
    );
    site.build_ok(&[]);
    let es = site.read("public/es/index.html");
    let en = site.read("public/index.html");
    assert!(es.contains("Así contratamos"), "{es}");
    assert!(!en.contains("Así contratamos"), "English keeps its data");
    // One skill, one slug: its name only is translated.
    let sql = site.read("public/es/hire/sql-developers/index.html");
    assert!(
        sql.contains("Contrata desarrolladores Bases de datos SQL"),
        "{sql}"
    );
    assert!(
        site.read("public/hire/sql-developers/index.html")
            .contains("Hire SQL Developers")
    );
    // JSON-LD names the page's language.
    assert!(es.contains("\"inLanguage\":\"es\""), "{es}");
    let page = site.read("public/es/acerca/index.html");
    assert!(page.contains(&format!(
        "{{\"@type\":\"WebPage\",\"url\":\"{BASE}/es/acerca/\",\"name\":\"Acerca de Talento de Prueba\",\"inLanguage\":\"es\"}}"
    )));
}

#[test]
fn a_translation_into_the_default_language_says_so() {
    let site = site();
    site.write(
        "content/pages/about.en.md",
        "---\ntitle: About\ndescription: About us, once more, in the language that is already the default.\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/pages/about.en.md") && run.stderr.contains("default language"),
        "{}",
        run.stderr
    );
}
