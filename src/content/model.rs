//! The front matter of each kind of content file, as typed structs.
//!
//! These structs are the contract of `PRODUCT.md` in code: every field the
//! contract lists, nothing else (`deny_unknown_fields`), with `extra` as the
//! one free map. The same types are serialised into templates.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A free map passed to templates untouched, in the order it was written.
pub type Extra = serde_yaml::Mapping;

/// A link button: label and target.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallToAction {
    /// Button text, e.g. "Hire Backend Developers".
    pub label: String,
    /// Where it leads: a site path (`/contact/`) or an absolute URL.
    pub url: String,
}

/// The top of a page: big heading, subheading, call to action.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hero {
    /// The large heading; the page title when absent.
    #[serde(default)]
    pub heading: Option<String>,
    /// The line under it.
    #[serde(default)]
    pub subheading: Option<String>,
    /// The button; `site.cta` when absent.
    #[serde(default)]
    pub cta: Option<CallToAction>,
    /// A picture beside the heading: a file under `static/`.
    #[serde(default)]
    pub image: Option<String>,
    /// What the picture shows, for screen readers; none for decoration.
    #[serde(default)]
    pub image_alt: Option<String>,
}

/// A question with a Markdown answer (interview questions and FAQ).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question, plain text.
    pub question: String,
    /// The answer, Markdown.
    pub answer: String,
}

/// A quote from a client.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Testimonial {
    /// What they said.
    pub quote: String,
    /// Who said it.
    pub name: String,
    /// Their job title.
    #[serde(default)]
    pub title: Option<String>,
    /// Their company.
    #[serde(default)]
    pub company: Option<String>,
    /// Their portrait: a file under `static/`, e.g. `/images/ana.jpg`.
    #[serde(default)]
    pub photo: Option<String>,
}

/// A candidate card on a role page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Display name, usually first name and initial ("David R.").
    pub name: String,
    /// Job title ("Backend Developer").
    pub title: String,
    /// Where they live: the `name` or slug of a file in
    /// `content/locations/` ("Mexico", `costa-rica`), any case.
    #[serde(default)]
    pub location: Option<String>,
    /// "10+ years".
    #[serde(default)]
    pub experience: Option<String>,
    /// A short label such as "Top company experience".
    #[serde(default)]
    pub badge: Option<String>,
    /// "Full-time or contractor".
    #[serde(default)]
    pub employment: Option<String>,
    /// A few lines about them.
    #[serde(default)]
    pub highlights: Vec<String>,
    /// Skill names; each gets a skill page.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Path of a photo under `static/`, e.g. `/images/david.jpg`.
    #[serde(default)]
    pub photo: Option<String>,
}

/// Front matter of `content/roles/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleFront {
    /// "Hire Backend Developers": the `<title>` and the `<h1>`.
    pub title: String,
    /// Singular noun: "Backend Developer".
    pub role: String,
    /// Meta description; a warning past 160 characters.
    pub description: String,
    /// URL segment; default: the file stem.
    #[serde(default)]
    pub slug: Option<String>,
    /// Top of the page.
    #[serde(default)]
    pub hero: Option<Hero>,
    /// Skill names; each becomes a skill page. At least one.
    #[schemars(length(min = 1))]
    pub skills: Vec<String>,
    /// Candidate cards.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    /// Interview questions; answers are Markdown.
    #[serde(default)]
    pub interview_questions: Vec<Question>,
    /// Frequently asked questions, also emitted as FAQPage JSON-LD.
    #[serde(default)]
    pub faq: Vec<Question>,
    /// A client quote.
    #[serde(default)]
    pub testimonial: Option<Testimonial>,
    /// Slugs of other roles, for "browse by role".
    #[serde(default)]
    pub related: Vec<String>,
    /// Order in lists (then title).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Last update; the sitemap's `lastmod`.
    #[serde(default)]
    pub updated: Option<Date>,
    /// Theme template to use instead of `role.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// The image shared with a link to this page (`og:image`) instead of
    /// its generated social card: a file under `static/`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Old URLs of this page (`/hire/old-name/`): each redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// Front matter of `content/skills/<slug>.md`: optional copy for a skill page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillFront {
    /// Page title; default "Hire <Skill> Developers".
    #[serde(default)]
    pub title: Option<String>,
    /// Meta description.
    #[serde(default)]
    pub description: Option<String>,
    /// Top of the page.
    #[serde(default)]
    pub hero: Option<Hero>,
    /// Interview questions; answers are Markdown.
    #[serde(default)]
    pub interview_questions: Vec<Question>,
    /// Frequently asked questions.
    #[serde(default)]
    pub faq: Vec<Question>,
    /// Order in lists (then name).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Left out of the build unless `--drafts` (the skill page itself stays).
    #[serde(default)]
    pub draft: bool,
    /// The image shared with a link to this page (`og:image`) instead of
    /// its generated social card: a file under `static/`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Old URLs of this page (`/hire/old-name/`): each redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// Front matter of `content/pages/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// Page title.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// URL segment; default: the file stem.
    #[serde(default)]
    pub slug: Option<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Theme template to use instead of `page.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// The image shared with a link to this page (`og:image`) instead of
    /// its generated social card: a file under `static/`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Old URLs of this page (`/hire/old-name/`): each redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// Front matter of `content/_index.md`, the home page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeFront {
    /// Page title.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Top of the page.
    #[serde(default)]
    pub hero: Option<Hero>,
    /// Theme template to use instead of `index.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// The image shared with a link to this page (`og:image`) instead of
    /// its generated social card: a file under `static/`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Old URLs of this page (`/hire/old-name/`): each redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// One line of a location's key figures: "Talent pool" and "120,000 developers".
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// What it is: "Talent pool", "Universities", "English level".
    pub label: String,
    /// The figure or the short answer: "120,000 developers".
    pub value: String,
}

/// Front matter of `content/locations/<slug>.md`: a country or city the
/// talent comes from, which gets a hub page and, past the bar, role and
/// skill pages of its own.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationFront {
    /// Display name, as candidates' `location` may write it: "Costa Rica".
    pub name: String,
    /// Meta description of the hub page.
    pub description: String,
    /// Title of the hub page; default "Hire Developers in <name>".
    #[serde(default)]
    pub title: Option<String>,
    /// Top of the hub page.
    #[serde(default)]
    pub hero: Option<Hero>,
    /// The IANA time zone most of its developers work in
    /// (`America/Mexico_City`): the theme shows the overlap with US
    /// working hours. `hirepage` knows the zones of the Americas.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Key figures: talent pool, universities, English level…
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Frequently asked questions, also emitted as FAQPage JSON-LD.
    #[serde(default)]
    pub faq: Vec<Question>,
    /// Order in lists (then name).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Left out of the build unless `--drafts`, with every page of the location.
    #[serde(default)]
    pub draft: bool,
    /// The image shared with a link to this page (`og:image`) instead of
    /// its generated social card: a file under `static/`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Old URLs of this page (`/hire/old-name/`): each redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// Front matter of `content/locations/<location>/<page>.md`: copy of its
/// own for one role or skill in one location
/// (`mexico/backend-developers.md`, `chile/python-developers.md`). The
/// page is generated even below `location_pages.min_candidates`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CombinationFront {
    /// Page title; default "Hire <Role>s in <Location>".
    #[serde(default)]
    pub title: Option<String>,
    /// Meta description.
    #[serde(default)]
    pub description: Option<String>,
    /// Top of the page.
    #[serde(default)]
    pub hero: Option<Hero>,
    /// Frequently asked questions.
    #[serde(default)]
    pub faq: Vec<Question>,
    /// The image shared with a link to this page (`og:image`) instead of
    /// its generated social card: a file under `static/`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Old URLs of this page (`/hire/old-name/`): each redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// A calendar date written `YYYY-MM-DD`, checked when parsed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Date(
    #[schemars(regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))] String,
);

impl Date {
    /// Parses `YYYY-MM-DD`, checking the month and the day of the month.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date; write it as YYYY-MM-DD, such as 2026-03-31");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
        let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => {
                return Err(format!(
                    "`{s}` has no month {month}; months go from 01 to 12"
                ));
            }
        };
        if day == 0 || day > days {
            return Err(format!(
                "`{s}` is not a day of that month (it has {days} days)"
            ));
        }
        Ok(Date(s.to_string()))
    }

    /// The date as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(Date::parse("2026-02-28").is_ok());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-1-1").is_err());
        assert!(Date::parse("yesterday").is_err());
    }

    #[test]
    fn role_front_matter_rejects_unknown_keys() {
        let err = serde_yaml::from_str::<RoleFront>(
            "title: T\nrole: R\ndescription: D\nskills: []\nskils: []\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `skils`"));
    }
}
