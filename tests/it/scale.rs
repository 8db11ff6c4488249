//! What keeps pages bounded as a site grows (issue 18): the directory is
//! paged, a location's hub lists at most 100 roles. (The sitemap's split into parts past 50,000 URLs is a unit test
//! of `src/render/mod.rs`: a site that large is too slow for a test.)

use std::collections::BTreeMap;

use crate::util::TestSite;

/// The `href`s of a page, in order.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[test]
fn the_directory_is_paged_and_lists_every_role_once() {
    let site = TestSite::generated(250);
    site.build_ok(&[]);
    let roles: Vec<String> = std::fs::read_dir(site.path().join("content/roles"))
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            format!("/hire/{}/", name.strip_suffix(".md").unwrap())
        })
        .collect();
    assert_eq!(roles.len(), 250);

    let pages = ["/hire/", "/hire/page/2/", "/hire/page/3/"];
    assert!(!site.exists("public/hire/page/4/index.html"));
    assert!(!site.exists("public/hire/page/1/index.html"));
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    let mut titles = Vec::new();
    for (n, url) in pages.iter().enumerate() {
        let html = site.read(&format!("public{url}index.html"));
        assert!(html.len() < 500_000, "{url} is {} bytes", html.len());
        // The roles section (the header and footer link a few roles on
        // every page).
        let start = html.find("id=\"roles-title\"").unwrap();
        let section = &html[start..start + html[start..].find("</section>").unwrap()];
        for href in hrefs(section) {
            if roles.iter().any(|r| r == href) {
                *listed.entry(href.to_string()).or_default() += 1;
            }
        }
        let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
        titles.push(title.to_string());
        // Skills and locations are on the first page only.
        assert_eq!(html.contains("id=\"skills-title\""), n == 0, "{url}");
        // Links to the neighbours, and the current page marked.
        let prev = n.checked_sub(1).map(|p| pages[p]);
        let next = pages.get(n + 1);
        assert_eq!(html.contains("rel=\"prev\""), prev.is_some(), "{url}");
        if let Some(prev) = prev {
            assert!(
                html.contains(&format!("<a href=\"{prev}\" rel=\"prev\">")),
                "{url}"
            );
        }
        assert_eq!(html.contains("rel=\"next\""), next.is_some(), "{url}");
        if let Some(next) = next {
            assert!(
                html.contains(&format!("<a href=\"{next}\" rel=\"next\">")),
                "{url}"
            );
        }
        assert!(
            html.contains(&format!("<a href=\"{url}\" aria-current=\"page\">")),
            "{url}"
        );
    }
    // Each role is on one page, linked once (its card's title).
    assert_eq!(listed.len(), 250, "every role is on a page");
    let pages_of: Vec<_> = listed.iter().filter(|(_, n)| **n != 1).collect();
    assert!(pages_of.is_empty(), "listed more than once: {pages_of:?}");
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), 3, "each page has its own title: {titles:?}");

    let sitemap = site.read("public/sitemap.xml");
    for url in pages {
        assert!(sitemap.contains(&format!("{url}</loc>")), "{url}");
    }
    // The lint finds no duplicate title or description among them.
    let check = site.run(&["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn the_page_size_is_set_in_site_yaml() {
    let site = TestSite::fixture("minimal");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}directory_page_size: 1\n"));
    site.build_ok(&[]);
    assert!(site.exists("public/hire/page/2/index.html"));
    assert!(!site.exists("public/hire/page/3/index.html"));
    let second = site.read("public/hire/page/2/index.html");
    assert!(second.contains("page 2 of 2"), "{second}");

    site.write("site.yaml", format!("{config}directory_page_size: 0\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let line = config.lines().count() + 1;
    assert!(
        run.stderr.contains(&format!("site.yaml:{line}"))
            && run.stderr.contains("`directory_page_size` is 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_location_hub_lists_at_most_a_hundred_roles_and_keeps_those_with_a_page_there() {
    let site = TestSite::fixture("locations");
    // 130 more roles with a candidate in Chile, sorted before the others.
    for n in 0..130 {
        site.write(
            &format!("content/roles/extra-{n:03}.md"),
            format!(
                "---\ntitle: Hire Extra Engineers {n:03}\nrole: Extra Engineer {n:03}\n\
                 description: Extra engineers number {n:03}, for the test of a hub that grows.\n\
                 skills: [SQL]\nweight: -1\ncandidates:\n  - name: Person {n:03}\n    title: Engineer\n    location: Chile\n---\nBody {n:03}.\n"
            ),
        );
    }
    site.build_ok(&[]);
    let hub = site.read("public/hire/developers-in-chile/index.html");
    let start = hub.find("id=\"roles-title\"").unwrap();
    let section = &hub[start..start + hub[start..].find("</section>").unwrap()];
    let links = hrefs(section);
    // 100 roles, the role with a page in Chile among them though it comes
    // last in list order, and a link to the rest.
    assert_eq!(links.len(), 101, "{links:?}");
    assert!(
        links.contains(&"/hire/frontend-developers-in-chile/"),
        "{links:?}"
    );
    assert!(links.contains(&"/hire/extra-000/"));
    assert!(!links.contains(&"/hire/extra-129/"));
    assert!(section.contains("See all 132 roles"), "{section}");
}
