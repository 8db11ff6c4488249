//! The preview's incremental rebuild gives exactly the files a full
//! rebuild gives, after every kind of edit, while rendering less.

use std::path::PathBuf;

use hirepage::serve::preview::{Files, Preview, Update};
use hirepage::serve::watch::Batch;

use crate::util::TestSite;

const URL: &str = "http://127.0.0.1:1111/";

fn differences(a: &Files, b: &Files) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| format!("differs or extra: {k}"))
        .collect();
    out.extend(
        b.keys()
            .filter(|k| !a.contains_key(*k))
            .map(|k| format!("missing: {k}")),
    );
    out
}

/// Applies `edit`, rebuilds incrementally, and compares with a fresh build.
/// Returns what the incremental rebuild did.
fn step(
    site: &TestSite,
    preview: &mut Preview,
    what: &str,
    changed: &[&str],
    edit: impl FnOnce(&TestSite),
) -> Update {
    edit(site);
    let paths: Vec<PathBuf> = changed.iter().map(|p| site.path().join(p)).collect();
    let update = preview.rebuild(&Batch::new(site.path(), paths));
    assert!(
        update.errors.is_empty(),
        "{what}: {}",
        update.errors.to_text()
    );
    let (fresh, first) = Preview::new(site.path(), URL);
    assert!(
        first.errors.is_empty(),
        "{what}: {}",
        first.errors.to_text()
    );
    let diff = differences(&preview.snapshot().files, &fresh.snapshot().files);
    assert!(
        diff.is_empty(),
        "after {what}, incremental != full:\n{}",
        diff.join("\n")
    );
    update
}

fn replace(site: &TestSite, file: &str, from: &str, to: &str) {
    let text = site.read(file);
    assert!(text.contains(from), "{file} has no {from:?}");
    site.write(file, text.replacen(from, to, 1));
}

#[test]
fn incremental_rebuilds_equal_full_rebuilds() {
    let site = TestSite::fixture("minimal");
    let (mut preview, first) = Preview::new(site.path(), URL);
    assert!(first.errors.is_empty(), "{}", first.errors.to_text());
    let total = preview
        .snapshot()
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    let role = "content/roles/backend.md";

    let n = step(&site, &mut preview, "a body edit", &[role], |s| {
        replace(s, role, "Milliseconds count.", "Microseconds count.")
    });
    assert_eq!(
        n.rendered, 2,
        "a body edit renders the role and its questions page"
    );

    let n = step(&site, &mut preview, "a candidate edit", &[role], |s| {
        replace(
            s,
            role,
            "Ran Postgres at scale",
            "Ran Postgres at a large scale",
        )
    });
    assert!(
        n.rendered < total,
        "a candidate edit renders {} of {total} pages",
        n.rendered
    );

    step(&site, &mut preview, "a title edit", &[role], |s| {
        replace(
            s,
            role,
            "title: Hire Backend Developers",
            "title: Hire Server Developers",
        )
    });
    step(&site, &mut preview, "a new skill", &[role], |s| {
        replace(
            s,
            role,
            "skills: [Python, Golang, SQL",
            "skills: [Rust, Python, Golang, SQL",
        )
    });
    step(&site, &mut preview, "a weight change", &[role], |s| {
        replace(s, role, "weight: 10", "weight: 30")
    });
    step(&site, &mut preview, "a date change", &[role], |s| {
        replace(s, role, "updated: 2026-03-01", "updated: 2026-04-01")
    });
    step(
        &site,
        &mut preview,
        "a new role",
        &["content/roles/qa.md"],
        |s| {
            s.write(
            "content/roles/qa.md",
            "---\ntitle: Hire QA Engineers\nrole: QA Engineer\ndescription: Hire QA engineers who automate tests and keep releases safe.\nskills: [Playwright, Python]\nrelated: [backend-developers]\ninterview_questions:\n  - {question: What is flaky?, answer: A test that fails at random.}\n---\n## Testing\n",
        )
        },
    );
    step(
        &site,
        &mut preview,
        "questions removed",
        &["content/roles/qa.md"],
        |s| {
            replace(
                s,
                "content/roles/qa.md",
                "interview_questions:\n  - {question: What is flaky?, answer: A test that fails at random.}\n",
                "",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "a role deleted",
        &["content/roles/qa.md"],
        |s| std::fs::remove_file(s.path().join("content/roles/qa.md")).unwrap(),
    );
    step(
        &site,
        &mut preview,
        "a draft published",
        &["content/roles/draft.md"],
        |s| replace(s, "content/roles/draft.md", "draft: true", "draft: false"),
    );
    step(
        &site,
        &mut preview,
        "a slug change",
        &["content/roles/frontend.md"],
        |s| {
            replace(
                s,
                "content/roles/frontend.md",
                "weight: 20",
                "weight: 20\nrelated: [backend-developers]",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "a page edit",
        &["content/pages/about.md"],
        |s| {
            replace(
                s,
                "content/pages/about.md",
                "A test fixture.",
                "A fixture for tests.",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "a new page",
        &["content/pages/team.md"],
        |s| {
            s.write("content/pages/team.md", "---\ntitle: Team\ndescription: The people who run this test site, one by one.\n---\nUs.\n")
        },
    );
    step(
        &site,
        &mut preview,
        "a page slug",
        &["content/pages/team.md"],
        |s| {
            replace(
                s,
                "content/pages/team.md",
                "title: Team",
                "title: Team\nslug: who-we-are",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "skill copy",
        &["content/skills/python.md"],
        |s| {
            replace(
                s,
                "content/skills/python.md",
                "title: Hire Python Developers",
                "title: Hire Python Engineers",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "the home page",
        &["content/_index.md"],
        |s| {
            replace(
                s,
                "content/_index.md",
                "We test everything.",
                "We test all of it.",
            )
        },
    );
    let n = step(
        &site,
        &mut preview,
        "a site template",
        &["templates/page.html"],
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% endblock main %}")
        },
    );
    assert_eq!(n.rendered, 2, "only the two plain pages use page.html");
    step(
        &site,
        &mut preview,
        "a theme partial",
        &["themes/default/templates/partials/hero.html"],
        |s| {
            let path = "themes/default/templates/partials/hero.html";
            let text = s.read(path);
            s.write(
                path,
                text.replace(
                    "<h1 id=\"page-title\">",
                    "<h1 class=\"x\" id=\"page-title\">",
                ),
            )
        },
    );
    let n = step(
        &site,
        &mut preview,
        "a stylesheet",
        &["themes/default/static/css/site.css"],
        |s| {
            let path = "themes/default/static/css/site.css";
            let text = s.read(path);
            s.write(path, format!("{text}\nbody {{ color: red; }}\n"))
        },
    );
    assert!(
        n.pages.is_empty() && !n.reload_all,
        "a stylesheet edit reloads no tab: {n:?}"
    );
    let [(from, to)] = &n.stylesheets[..] else {
        panic!("a stylesheet edit swaps one stylesheet: {n:?}");
    };
    assert!(
        from.starts_with("/css/site.") && to.starts_with("/css/site.") && from != to,
        "the tabs swap the old published name for the new one: {from} -> {to}"
    );
    step(
        &site,
        &mut preview,
        "a new image",
        &["static/images/new.png"],
        |s| s.write("static/images/new.png", b"png"),
    );
    step(
        &site,
        &mut preview,
        "a candidate's new photo (issue 15)",
        &["static/images/ana.png", "content/roles/backend.md"],
        |s| {
            s.write("static/images/ana.png", crate::images::png(150, 150));
            replace(
                s,
                "content/roles/backend.md",
                "  - name: Ana P.\n",
                "  - name: Ana P.\n    photo: /images/ana.png\n",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "a photo that moves down a line",
        &["content/roles/backend.md"],
        |s| {
            replace(
                s,
                "content/roles/backend.md",
                "  - name: Ana P.\n",
                "  - name: Ana P.\n    badge: Rising star\n",
            )
        },
    );
    step(
        &site,
        &mut preview,
        "shared data",
        &["content/_data/process.yaml"],
        |s| {
            replace(
                s,
                "content/_data/process.yaml",
                "We find engineers.",
                "We look for engineers.",
            )
        },
    );
}

#[test]
fn an_error_in_between_is_recovered_from() {
    let site = TestSite::fixture("minimal");
    let (mut preview, _) = Preview::new(site.path(), URL);
    let role = "content/roles/backend.md";
    replace(
        &site,
        role,
        "role: Backend Developer",
        "role: [Backend Developer",
    );
    let update = preview.rebuild(&Batch::new(site.path(), [site.path().join(role)]));
    assert!(update.errors.has_errors());
    assert!(
        !preview.snapshot().files.is_empty(),
        "the last good pages are kept"
    );
    step(&site, &mut preview, "the fix", &[role], |s| {
        replace(
            s,
            role,
            "role: [Backend Developer",
            "role: Backend Engineer",
        )
    });
}

#[test]
fn a_quick_edit_still_checks_links() {
    let site = TestSite::fixture("minimal");
    let (mut preview, _) = Preview::new(site.path(), URL);
    let role = "content/roles/backend.md";
    // A body edit adding a link to a page that exists: the quick path.
    let n = step(&site, &mut preview, "a new link", &[role], |s| {
        replace(
            s,
            role,
            "Because **data** matters.",
            "Because **data** matters. See [about](/about/).",
        )
    });
    assert_eq!(n.rendered, 2);
    // A link to nowhere is an error, as in a full build.
    replace(
        &site,
        role,
        "See [about](/about/).",
        "See [nowhere](/nowhere/).",
    );
    let update = preview.rebuild(&Batch::new(site.path(), [site.path().join(role)]));
    let errors = update.errors.to_text();
    assert!(
        errors.contains("content/roles/backend.md:")
            && errors.contains("`/nowhere/` leads nowhere"),
        "{errors}"
    );
    step(&site, &mut preview, "the fix", &[role], |s| {
        replace(
            s,
            role,
            "See [nowhere](/nowhere/).",
            "See [all roles](/hire/).",
        )
    });
}

#[test]
fn the_directory_pages_follow_roles_added_renamed_and_removed() {
    let site = TestSite::fixture("minimal");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}directory_page_size: 1\n"));
    let (mut preview, _) = Preview::new(site.path(), URL);
    let pages = |p: &Preview| {
        let snapshot = p.snapshot();
        (1..=4)
            .filter(|n| {
                snapshot
                    .files
                    .contains_key(format!("hire/page/{n}/index.html").as_str())
            })
            .count()
    };
    // serve shows the draft: three roles, /hire/ and two more pages.
    assert_eq!(pages(&preview), 2);
    let qa = "content/roles/qa.md";
    step(&site, &mut preview, "a third role", &[qa], |s| {
        s.write(
            qa,
            "---\ntitle: Hire QA Engineers\nrole: QA Engineer\ndescription: Hire QA engineers who automate tests and keep releases safe.\nskills: [Python]\nweight: 1\n---\n## Testing\n",
        )
    });
    assert_eq!(pages(&preview), 3, "a page more");
    step(&site, &mut preview, "its title", &[qa], |s| {
        replace(
            s,
            qa,
            "title: Hire QA Engineers",
            "title: Hire Test Engineers",
        )
    });
    step(&site, &mut preview, "it moves to the end", &[qa], |s| {
        replace(s, qa, "weight: 1", "weight: 99")
    });
    step(&site, &mut preview, "it goes", &[qa], |s| {
        std::fs::remove_file(s.path().join(qa)).unwrap()
    });
    assert_eq!(pages(&preview), 2, "the page is gone");
}
