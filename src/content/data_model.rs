//! The shapes of the `_data` files the default theme reads.
//!
//! `content/_data/*.yaml` is free data for templates, so the build does not
//! type it. These structs describe the three files whose shape the theme
//! relies on (`fluency.yaml`, `process.yaml`, `skills.yaml`), so that
//! `hirepage cms` can give each a form and `hirepage fmt` a key order, from
//! the same place: a field added here appears in both.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `content/_data/fluency.yaml`: the AI fluency levels on home and role pages.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct FluencyData {
    /// Heading of the section; "AI fluency levels" when absent.
    #[serde(default)]
    pub heading: Option<String>,
    /// The paragraph under the heading.
    #[serde(default)]
    pub intro: Option<String>,
    /// The levels, lowest first.
    pub levels: Vec<FluencyLevel>,
}

/// One AI fluency level.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct FluencyLevel {
    /// Its name ("AI Native").
    pub name: String,
    /// One or two sentences about it.
    #[serde(default)]
    pub summary: Option<String>,
    /// A few short lines.
    #[serde(default)]
    pub points: Vec<String>,
}

/// `content/_data/process.yaml`: the hiring steps on home, role and skill pages.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct ProcessData {
    /// Heading of the section; "How we hire" when absent.
    #[serde(default)]
    pub heading: Option<String>,
    /// The paragraph under the heading.
    #[serde(default)]
    pub intro: Option<String>,
    /// The steps, in order.
    pub steps: Vec<ProcessStep>,
}

/// One step of the hiring process.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct ProcessStep {
    /// Its name ("Match").
    pub name: String,
    /// What happens in it.
    #[serde(default)]
    pub text: Option<String>,
}

/// `content/_data/skills.yaml`: other spellings of skill names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct SkillsData {
    /// Alternative spelling (key) -> the skill name it stands for (value):
    /// `Golang: Go`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub aliases: serde_yaml::Mapping,
}
