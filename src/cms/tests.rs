use super::*;
use crate::config::CmsSettings;

fn site_config() -> SiteConfig {
    serde_yaml::from_str("title: T\nbase_url: https://example.com/\ncms: {repo: o/r}\n").unwrap()
}

fn choices() -> Choices {
    Choices {
        skills: vec!["Go".into(), "Python".into()],
        templates: vec!["page.html".into(), "role.html".into()],
    }
}

fn generated() -> Value {
    let site = site_config();
    let settings: &CmsSettings = site.cms.as_ref().unwrap();
    config(&site, settings, &choices())
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

fn config_fields(node: &Value) -> Vec<Value> {
    if let Some(fields) = node.get("fields").and_then(Value::as_sequence) {
        fields.clone()
    } else if let Some(field) = node.get("field") {
        vec![field.clone()]
    } else {
        Vec::new()
    }
}

/// Every field of the model is in the config node, nested lists and
/// objects included, required exactly when the model requires it; and the
/// config has nothing else (but the Markdown body).
fn assert_matches_model(node: &Value, fields: &[Field], at: &str) {
    let have = config_fields(node);
    for field in fields.iter().filter(|f| crate::fmt::has_widget(f)) {
        let w = have
            .iter()
            .find(|w| w["name"] == field.name.as_str())
            .unwrap_or_else(|| panic!("{at}: no widget for `{}`", field.name));
        let required = w.get("required").and_then(Value::as_bool).unwrap_or(true);
        assert_eq!(
            required, field.required,
            "{at}.{}: required flag",
            field.name
        );
        assert!(
            w.get("hint").is_some() == field.description.is_some(),
            "{at}.{}: hint",
            field.name
        );
        let inner = match &field.shape {
            Shape::Object(f) => Some(f.clone()),
            Shape::List(item) => match item.as_ref() {
                Shape::Object(f) => Some(f.clone()),
                _ => None,
            },
            _ => None,
        };
        if let Some(inner) = inner {
            assert_matches_model(w, &inner, &format!("{at}.{}", field.name));
        }
    }
    for w in &have {
        let name = w["name"].as_str().unwrap();
        assert!(
            name == "body" || name == "item" || fields.iter().any(|f| f.name == name),
            "{at}: `{name}` is not in the model"
        );
    }
}

#[test]
fn every_field_of_the_model_has_a_widget() {
    let config = generated();
    for (name, kind) in [
        ("roles", Kind::Role),
        ("skills", Kind::Skill),
        ("pages", Kind::Page),
    ] {
        assert_matches_model(
            collection(&config, name),
            &Doc::Content(kind).fields(),
            name,
        );
    }
    let files = collection(&config, "site")["files"].as_sequence().unwrap();
    let file = |name: &str| files.iter().find(|f| f["name"] == name).unwrap();
    assert_matches_model(file("home"), &Doc::Content(Kind::Home).fields(), "home");
    assert_matches_model(file("fluency"), &Doc::Fluency.fields(), "fluency");
    assert_matches_model(file("process"), &Doc::Process.fields(), "process");
    assert_matches_model(file("skills"), &Doc::SkillAliases.fields(), "skills");
}

#[test]
fn widgets_follow_the_fields_meaning() {
    let config = generated();
    let roles = config_fields(collection(&config, "roles"));
    let w = |name: &str| roles.iter().find(|w| w["name"] == name).unwrap().clone();
    assert_eq!(w("description")["widget"], "text");
    assert_eq!(w("weight")["widget"], "number");
    assert_eq!(w("weight")["value_type"], "int");
    assert_eq!(w("draft")["widget"], "boolean");
    assert_eq!(w("date")["widget"], "datetime");
    assert_eq!(w("date")["format"], "YYYY-MM-DD");
    assert_eq!(w("template")["widget"], "select");
    assert_eq!(w("related")["widget"], "relation");
    assert_eq!(w("related")["collection"], "roles");
    assert_eq!(w("skills")["widget"], "select");
    assert_eq!(w("skills")["multiple"], true);
    assert_eq!(w("skills")["options"][1], "Python");
    assert_eq!(w("body")["widget"], "markdown");
    let candidate = config_fields(&w("candidates"));
    let photo = candidate.iter().find(|f| f["name"] == "photo").unwrap();
    assert_eq!(photo["widget"], "image");
    let answer = config_fields(&w("faq"))
        .into_iter()
        .find(|f| f["name"] == "answer")
        .unwrap();
    assert_eq!(answer["widget"], "markdown");
    assert!(
        roles.iter().all(|w| w["name"] != "extra"),
        "no widget edits a free map"
    );
    assert_eq!(config["backend"]["repo"], "o/r");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["publish_mode"], "editorial_workflow");
}

/// The config is valid for the CMS itself: the JSON Schema that
/// `@sveltia/cms` ships (`schema/sveltia-cms.json`, vendored beside the
/// script).
#[test]
fn the_config_passes_the_cms_json_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("vendor/sveltia-cms.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let config: serde_json::Value = serde_json::to_value(generated()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&config)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the schema does catch a mistake.
    let mut broken = config.clone();
    broken["collections"][0]["create"] = "yes".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn regenerating_keeps_hand_made_settings() {
    let old: Value = serde_yaml::from_str(
        "logo_url: /logo.svg\nbackend: {name: github, repo: old/repo, base_url: https://auth.example.com}\n\
         collections:\n  - name: roles\n    sortable_fields: [title]\n    fields:\n\
         \x20     - {name: title, widget: string, pattern: ['^Hire', 'starts with Hire']}\n\
         \x20     - {name: gone, widget: string}\n  - name: blog\n    folder: content/blog\n",
    )
    .unwrap();
    let merged = merge(&generated(), &old);
    assert_eq!(merged["logo_url"], "/logo.svg");
    assert_eq!(merged["backend"]["base_url"], "https://auth.example.com");
    assert_eq!(
        merged["backend"]["repo"], "o/r",
        "site.yaml owns the repository"
    );
    let roles = collection(&merged, "roles");
    assert_eq!(roles["sortable_fields"][0], "title");
    let title = &config_fields(roles)[0];
    assert_eq!(title["pattern"][0], "^Hire");
    assert!(
        config_fields(roles).iter().all(|f| f["name"] != "gone"),
        "fields are the model's"
    );
    assert_eq!(collection(&merged, "blog")["folder"], "content/blog");
    assert!(drift_of(&merged).is_empty());
}

fn drift_of(config: &Value) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(ADMIN_DIR)).unwrap();
    let text = crate::fmt::emit::document(config).unwrap();
    std::fs::write(dir.path().join(CONFIG_PATH), format!("{text}\n")).unwrap();
    drift(dir.path()).into_iter().collect()
}

#[test]
fn a_config_that_matches_the_model_has_no_drift() {
    assert!(drift_of(&generated()).is_empty());
    assert!(
        drift(Path::new("/nonexistent")).is_empty(),
        "no config, no check"
    );
}

#[test]
fn drift_names_the_field() {
    let mut config = generated();
    let roles = config["collections"][0]["fields"]
        .as_sequence_mut()
        .unwrap();
    // A field missing, one the model lacks, a required flag that differs.
    roles.retain(|f| f["name"] != "weight");
    roles.push(serde_yaml::from_str("{name: salary, widget: string}").unwrap());
    roles[0]
        .as_mapping_mut()
        .unwrap()
        .insert("required".into(), false.into());
    let candidates = roles
        .iter_mut()
        .find(|f| f["name"] == "candidates")
        .unwrap();
    let inner = candidates["fields"].as_sequence_mut().unwrap();
    inner.retain(|f| f["name"] != "photo");
    let messages: Vec<String> = drift_of(&config)
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.file.display(),
                d.line.unwrap_or(0),
                d.message
            )
        })
        .collect();
    let all = messages.join("\n");
    assert!(all.contains("`roles` has no field `weight`"), "{all}");
    assert!(
        all.contains("`roles` has a field `salary` that the content model does not have"),
        "{all}"
    );
    assert!(
        all.contains(
            "field `roles.title` is optional in the CMS config but required in the content model"
        ),
        "{all}"
    );
    assert!(
        all.contains("`roles.candidates` has no field `photo`"),
        "{all}"
    );
    assert!(
        messages
            .iter()
            .all(|m| m.starts_with("static/admin/config.yml:"))
    );
    // The line is the field's own, where it has one.
    let salary = messages.iter().find(|m| m.contains("salary")).unwrap();
    assert!(!salary.contains(":0:"), "{salary}");
}

#[test]
fn a_missing_collection_is_drift() {
    let mut config = generated();
    config["collections"]
        .as_sequence_mut()
        .unwrap()
        .retain(|c| c["name"] != "pages");
    let d = drift_of(&config);
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("no collection `pages`"));
}

#[test]
fn the_script_loads_nothing_from_a_cdn() {
    let script = String::from_utf8(script()).unwrap();
    assert!(!script.contains("cdn.jsdelivr.net"));
    for font in FONTS {
        assert!(
            script.contains(&format!("url(fonts/{})", font.file)),
            "{}",
            font.file
        );
        assert!(
            font.bytes.starts_with(b"wOF2"),
            "{} is a WOFF2 file",
            font.file
        );
    }
    // Nothing else changed.
    let mut back = script.clone();
    for font in FONTS {
        back = back.replace(&format!("fonts/{}", font.file), font.cdn_url);
    }
    assert!(back.as_bytes() == SCRIPT);
}

#[test]
fn a_cms_whose_script_the_build_would_rename_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(ADMIN_DIR)).unwrap();
    let text = crate::fmt::emit::document(&generated()).unwrap();
    std::fs::write(dir.path().join(CONFIG_PATH), format!("{text}\n")).unwrap();
    let site = "title: T\nbase_url: https://example.com/\n";
    std::fs::write(dir.path().join("site.yaml"), site).unwrap();
    let codes: Vec<_> = drift(dir.path()).into_iter().map(|d| d.code).collect();
    assert_eq!(codes, ["cms-script-renamed"]);
    assert_eq!(keep_admin_names(dir.path()), Ok(true));
    assert!(drift(dir.path()).is_empty());
    assert_eq!(keep_admin_names(dir.path()), Ok(false), "added once");
}
