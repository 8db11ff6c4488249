//! Generates a realistic hirepage site of N roles, and optionally the same
//! content as a Hugo site, for the benchmark in `bench/run.sh` (issue 5).
//!
//! ```sh
//! cargo run --release --example gen_site -- --roles 1000 --out /tmp/site --hugo /tmp/hugo-site
//! ```
//!
//! Every role gets 3–6 skills from a pool of about 60 (with `C#`, `C++`,
//! `Node.js`-style names and alias spellings such as `Golang`), 3 candidates,
//! 4–15 interview questions with Markdown answers, 3 FAQs, a testimonial,
//! 3 related roles, and a guide of about 1,500 words (6–10 H2 sections, some
//! H3, lists, a table now and then, links to other roles, and a fenced code
//! block on every other page). The output depends only on `--roles` and
//! `--seed`.
//!
//! The Hugo flavour holds the same text; only what Hugo cannot do by itself
//! differs: skills are written as their slugs (Hugo has no aliases and its
//! `urlize` turns `C#` into `c`), each skill has a term file with its
//! display name, and each interview-questions page is a small content file
//! that points at its role. The templates and configuration come from
//! `bench/hugo/` in this repository.

use std::fmt::Write as _;
use std::fs;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use hirepage::slugify;
use serde::Serialize;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(about = "Generate a hirepage site (and its Hugo twin) for benchmarking")]
struct Args {
    /// Number of role pages to generate.
    #[arg(long)]
    roles: usize,
    /// Folder of the hirepage site (must not exist, or be empty).
    #[arg(long)]
    out: PathBuf,
    /// Also write the same content as a Hugo site into this folder.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write this many locations (content/locations/) and give the
    /// candidates locations: every fourth role has all three candidates in
    /// one location (a page of its own there, at the default bar of 3), the
    /// others spread theirs. Not in the Hugo twin.
    #[arg(long, default_value_t = 0)]
    locations: usize,
    /// Also write a Spanish translation (`<slug>.es.md`, with its own
    /// title, description and guide, the rest inherited) of this share of
    /// the roles, spread evenly (0.5: every other one), and list `es` in
    /// site.yaml (issue 17's benchmark). Not in the Hugo twin.
    #[arg(long, default_value_t = 0.0)]
    translate: f64,
    /// Also write this many distinct candidate photos (1200 × 1500 JPEG
    /// portraits, static/images/candidates/) and give one to each of the
    /// first that many candidates, in role order. Not in the Hugo twin.
    #[arg(long, default_value_t = 0)]
    photos: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    if args.roles == 0 {
        return Err("--roles must be at least 1".into());
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut site = Site::generate(args.roles, args.seed);
    site.spread_locations(args.locations);
    site.give_photos(args.photos);

    if !(0.0..=1.0).contains(&args.translate) {
        return Err("--translate is a share of the roles, from 0 to 1".into());
    }
    ensure_empty(&args.out)?;
    write_hirepage(&site, &args.out, repo).map_err(|e| e.to_string())?;
    let translated =
        write_translations(&site, &args.out, args.translate).map_err(|e| e.to_string())?;
    if translated > 0 {
        println!("Translated {translated} roles into Spanish");
    }
    let words: usize = site.roles.iter().map(|r| word_count(&r.body)).sum();
    println!(
        "Generated {} roles and {} skills into {} (guides average {} words)",
        site.roles.len(),
        site.used_skills().len(),
        args.out.display(),
        words / site.roles.len(),
    );
    if let Some(hugo) = &args.hugo {
        ensure_empty(hugo)?;
        write_hugo(&site, hugo, repo).map_err(|e| e.to_string())?;
        println!(
            "Wrote the same content as a Hugo site into {}",
            hugo.display()
        );
    }
    Ok(())
}

/// Refuses to write into a folder that already holds something.
fn ensure_empty(dir: &Path) -> Result<(), String> {
    let has_entries = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if has_entries {
        return Err(format!(
            "{} is not empty; remove it or choose another folder",
            dir.display()
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Pseudo-random numbers: xorshift64, deterministic for a seed.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // SplitMix64 of the seed, so that neighbouring seeds diverge at once.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

// ---------------------------------------------------------------------------
// Vocabulary.

/// A skill: its canonical name and the language of code that suits it.
struct SkillDef {
    name: &'static str,
    code: &'static str,
}

const fn skill(name: &'static str, code: &'static str) -> SkillDef {
    SkillDef { name, code }
}

const SKILLS: &[SkillDef] = &[
    skill("Python", "python"),
    skill("Go", "go"),
    skill("Java", "java"),
    skill("JavaScript", "js"),
    skill("TypeScript", "typescript"),
    skill("C#", "yaml"),
    skill("C++", "bash"),
    skill("C", "bash"),
    skill("Rust", "rust"),
    skill("Ruby", "sql"),
    skill("PHP", "sql"),
    skill("Kotlin", "java"),
    skill("Swift", "yaml"),
    skill("Scala", "java"),
    skill("Elixir", "yaml"),
    skill("Dart", "yaml"),
    skill("R", "sql"),
    skill("SQL", "sql"),
    skill("Node.js", "js"),
    skill("React", "js"),
    skill("Vue.js", "js"),
    skill("Angular", "typescript"),
    skill("Next.js", "typescript"),
    skill("Svelte", "js"),
    skill("Django", "python"),
    skill("Flask", "python"),
    skill("FastAPI", "python"),
    skill("Ruby on Rails", "sql"),
    skill("Spring Boot", "java"),
    skill("ASP.NET Core", "yaml"),
    skill("Laravel", "sql"),
    skill("Express", "js"),
    skill("NestJS", "typescript"),
    skill("Flutter", "yaml"),
    skill("React Native", "js"),
    skill("Unity", "yaml"),
    skill("PostgreSQL", "sql"),
    skill("MySQL", "sql"),
    skill("MongoDB", "js"),
    skill("Redis", "bash"),
    skill("Elasticsearch", "bash"),
    skill("Kafka", "java"),
    skill("Spark", "python"),
    skill("Airflow", "python"),
    skill("dbt", "sql"),
    skill("Snowflake", "sql"),
    skill("BigQuery", "sql"),
    skill("Pandas", "python"),
    skill("PyTorch", "python"),
    skill("TensorFlow", "python"),
    skill("scikit-learn", "python"),
    skill("Docker", "bash"),
    skill("Kubernetes", "yaml"),
    skill("Terraform", "bash"),
    skill("AWS", "yaml"),
    skill("GCP", "yaml"),
    skill("Azure", "yaml"),
    skill("Linux", "bash"),
    skill("GraphQL", "js"),
    skill("Selenium", "python"),
    skill("Cypress", "js"),
];

/// Alternative spellings (written in some front matter) and their skill.
const ALIASES: &[(&str, &str)] = &[
    ("Golang", "Go"),
    ("Postgres", "PostgreSQL"),
    ("K8s", "Kubernetes"),
];

const ADJECTIVES: &[&str] = &[
    "Senior",
    "Lead",
    "Staff",
    "Principal",
    "Remote",
    "Nearshore",
    "Freelance",
    "Contract",
    "Mid-Level",
    "Dedicated",
];

/// Job titles, singular.
const SPECIALTIES: &[&str] = &[
    "Backend Developer",
    "Frontend Developer",
    "Full-Stack Developer",
    "Mobile Developer",
    "Data Engineer",
    "Data Scientist",
    "Machine Learning Engineer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "Platform Engineer",
    "QA Automation Engineer",
    "Security Engineer",
    "Cloud Engineer",
    "Software Architect",
    "API Developer",
    "Embedded Engineer",
    "Game Developer",
    "Analytics Engineer",
];

const COUNTRIES: &[&str] = &[
    "Mexico",
    "Colombia",
    "Costa Rica",
    "Chile",
    "Argentina",
    "Brazil",
    "Peru",
    "Uruguay",
];

const TOOLS: &[&str] = &[
    "GitHub Actions",
    "Grafana",
    "Datadog",
    "Sentry",
    "Jira",
    "Linear",
    "Honeycomb",
    "PagerDuty",
    "Cursor",
    "Claude Code",
    "GitHub Copilot",
    "Postman",
    "Figma",
    "Notion",
];

const TOPICS: &[&str] = &[
    "query plans",
    "flaky deploys",
    "on-call pages",
    "data pipelines",
    "release trains",
    "performance budgets",
    "test suites",
    "the cloud bill",
    "schema migrations",
    "security reviews",
    "API contracts",
    "build times",
];

const METRICS: &[&str] = &[
    "p95 latency",
    "deploy frequency",
    "change failure rate",
    "time to first commit",
    "cost per request",
    "test coverage of critical paths",
    "mean time to recovery",
];

const COMPANIES: &[&str] = &[
    "Fernbrook Payments",
    "Altiplano Health",
    "Quetzal Logistics",
    "Northwind Analytics",
    "Brightline Insurance",
    "Copperleaf Retail",
    "Marea Media",
    "Pampas Energy",
    "Tidewater Bank",
    "Helix Robotics",
    "Solstice Travel",
    "Larkspur Learning",
    "Ironwood Security",
    "Vireo Games",
    "Saltgrass Foods",
];

const INDUSTRIES: &[&str] = &[
    "financial services",
    "healthcare",
    "e-commerce",
    "logistics",
    "online education",
    "media streaming",
    "insurance",
    "travel",
];

const FIRST_NAMES: &[&str] = &[
    "David",
    "Carlos",
    "Arnold",
    "Lucía",
    "Mateo",
    "Valentina",
    "Sofía",
    "Diego",
    "Camila",
    "Andrés",
    "Isabela",
    "Tomás",
    "Gabriela",
    "Julián",
    "Mariana",
    "Felipe",
    "Renata",
    "Santiago",
    "Paula",
    "Joaquín",
    "Daniela",
    "Emilio",
    "Ana",
    "Rodrigo",
];

const LAST_INITIALS: &[&str] = &[
    "R.", "B.", "E.", "M.", "G.", "S.", "P.", "V.", "C.", "T.", "A.", "L.",
];

const CLIENT_NAMES: &[&str] = &[
    "Maren Lindqvist",
    "Priya Raman",
    "Jonas Weber",
    "Hannah Okafor",
    "Ethan Brooks",
    "Mei Tanaka",
    "Olivia Grant",
    "Samuel Ortiz",
    "Nora Fischer",
    "Liam O'Connor",
];

const CLIENT_TITLES: &[&str] = &[
    "VP of Engineering",
    "CTO",
    "Head of Data",
    "Engineering Manager",
    "Director of Platform",
    "Co-founder",
];

// ---------------------------------------------------------------------------
// The site model.

/// The generated site, shared by both flavours.
struct Site {
    roles: Vec<Role>,
    /// Location names (hirepage only).
    locations: Vec<String>,
    /// How many candidates have a generated photo (hirepage only).
    photos: usize,
}

/// Places for `--locations`, with their time zones.
const PLACES: &[(&str, &str)] = &[
    ("Mexico City", "America/Mexico_City"),
    ("Guadalajara", "America/Mexico_City"),
    ("Monterrey", "America/Monterrey"),
    ("Bogotá", "America/Bogota"),
    ("Medellín", "America/Bogota"),
    ("Cali", "America/Bogota"),
    ("San José", "America/Costa_Rica"),
    ("Santiago", "America/Santiago"),
    ("Valparaíso", "America/Santiago"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Córdoba", "America/Argentina/Cordoba"),
    ("Rosario", "America/Argentina/Buenos_Aires"),
    ("São Paulo", "America/Sao_Paulo"),
    ("Florianópolis", "America/Sao_Paulo"),
    ("Recife", "America/Recife"),
    ("Lima", "America/Lima"),
    ("Montevideo", "America/Montevideo"),
    ("Quito", "America/Guayaquil"),
    ("Panama City", "America/Panama"),
    ("Santo Domingo", "America/Santo_Domingo"),
];

impl Site {
    /// Gives candidates one of `n` locations: every fourth role all three
    /// in one, the others one each in three.
    fn spread_locations(&mut self, n: usize) {
        self.locations = (0..n)
            .map(|i| match PLACES.get(i) {
                Some((name, _)) => (*name).to_string(),
                None => format!("{} {}", PLACES[i % PLACES.len()].0, i / PLACES.len() + 1),
            })
            .collect();
        if n == 0 {
            return;
        }
        for (i, role) in self.roles.iter_mut().enumerate() {
            for (k, candidate) in role.candidates.iter_mut().enumerate() {
                let place = if i % 4 == 0 { i / 4 } else { i * 3 + k };
                candidate.location = Some(self.locations[place % n].clone());
            }
        }
    }
}

impl Site {
    /// Gives the first `n` candidates, in role order, a photo of their own
    /// (`images/candidates/photo-00001.jpg`, …), written by
    /// [`write_photos`].
    fn give_photos(&mut self, n: usize) {
        let candidates = self.roles.iter_mut().flat_map(|r| r.candidates.iter_mut());
        for (i, candidate) in candidates.take(n).enumerate() {
            candidate.photo = Some(format!("/{}", photo_path(i)));
        }
        self.photos = n;
    }
}

/// The static path of the `i`th generated photo.
fn photo_path(i: usize) -> String {
    format!("images/candidates/photo-{:05}.jpg", i + 1)
}

/// One generated role.
struct Role {
    slug: String,
    title: String,
    role: String,
    description: String,
    hero: Hero,
    /// Skill names as written in the front matter (some are aliases).
    skills: Vec<&'static str>,
    candidates: Vec<Candidate<&'static str>>,
    interview_questions: Vec<Question>,
    faq: Vec<Question>,
    testimonial: Testimonial,
    related: Vec<String>,
    weight: u32,
    date: String,
    updated: String,
    body: String,
}

#[derive(Serialize)]
struct Hero {
    heading: String,
    subheading: String,
    cta: Cta,
}

#[derive(Serialize, Clone)]
struct Cta {
    label: String,
    url: String,
}

/// A candidate card; `S` is a skill spelling (hirepage) or slug (Hugo).
#[derive(Serialize, Clone)]
struct Candidate<S> {
    name: String,
    title: String,
    experience: &'static str,
    badge: &'static str,
    employment: &'static str,
    highlights: Vec<String>,
    skills: Vec<S>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    /// The static path of a `--photos` portrait (hirepage only).
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<String>,
}

#[derive(Serialize)]
struct Question {
    question: String,
    answer: String,
}

#[derive(Serialize)]
struct Testimonial {
    quote: String,
    name: &'static str,
    title: &'static str,
    company: &'static str,
}

/// What the text of one role may mention.
struct Slots<'a> {
    /// "senior Python backend developer".
    role: String,
    skill: &'static str,
    skills: Vec<&'static str>,
    slug: &'a str,
    heads: &'a [Head],
}

/// The name and URL of a role, known before any text is written.
struct Head {
    slug: String,
    /// "senior Python backend developers".
    plural_lc: String,
    /// "" for the first role of its kind, " in Lima" (and so on) for the
    /// next ones: every role x location variant gets its own title and
    /// description, as on a real hiring site.
    place: String,
    /// How many roles of its kind come before it.
    number: usize,
}

/// Where the second and later roles of a kind are based (short names keep
/// titles within the 60 characters search results show).
const CITIES: &[&str] = &[
    "Lima", "Cali", "Quito", "Cusco", "Salta", "Natal", "Belem", "Leon", "Tepic", "Neiva", "Arica",
    "Ica",
];

/// The place suffix of the `k`-th role (from 0) with the same identity.
fn place(k: usize) -> String {
    match k {
        0 => String::new(),
        k if k <= CITIES.len() => format!(" in {}", CITIES[k - 1]),
        k => format!(
            " in {} ({})",
            CITIES[(k - 1) % CITIES.len()],
            (k - 1) / CITIES.len() + 1
        ),
    }
}

impl Site {
    fn generate(n: usize, seed: u64) -> Site {
        // First every role's identity, so guides can link to any role.
        let identities: Vec<(usize, usize, usize)> = (0..n)
            .map(|i| {
                let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
                (
                    rng.below(ADJECTIVES.len()),
                    rng.below(SKILLS.len()),
                    rng.below(SPECIALTIES.len()),
                )
            })
            .collect();
        let mut seen: std::collections::HashMap<(usize, usize, usize), usize> =
            std::collections::HashMap::new();
        let heads: Vec<Head> = identities
            .iter()
            .enumerate()
            .map(|(i, &(a, s, p))| {
                let seen = seen.entry((a, s, p)).or_insert(0);
                let k = *seen;
                *seen += 1;
                Head {
                    place: place(k),
                    number: k,
                    slug: format!(
                        "{}-{}-{}s-{}",
                        slugify(ADJECTIVES[a]),
                        slugify(SKILLS[s].name),
                        slugify(SPECIALTIES[p]),
                        i + 1
                    ),
                    plural_lc: format!("{}s", role_lc(a, s, p)),
                }
            })
            .collect();
        let roles = identities
            .iter()
            .enumerate()
            .map(|(i, &id)| {
                let mut rng =
                    Rng::new(seed.wrapping_add(1) ^ (i as u64).wrapping_mul(0xE703_7ED1_A0B4_28DB));
                Role::generate(i, id, &heads, &mut rng)
            })
            .collect();
        Site {
            roles,
            locations: Vec::new(),
            photos: 0,
        }
    }

    /// Canonical names of every skill some role names (candidates' skills
    /// are drawn from their role's, so these are all the skill pages).
    fn used_skills(&self) -> Vec<&'static str> {
        let mut used: Vec<&'static str> = self
            .roles
            .iter()
            .flat_map(|r| r.skills.iter().copied())
            .map(canonical)
            .collect();
        used.sort_unstable();
        used.dedup();
        used
    }
}

/// "senior Python backend developer": the adjective and job in lower case,
/// the skill as it is spelled.
fn role_lc(adjective: usize, skill: usize, specialty: usize) -> String {
    format!(
        "{} {} {}",
        ADJECTIVES[adjective].to_lowercase(),
        SKILLS[skill].name,
        SPECIALTIES[specialty].to_lowercase()
    )
}

/// The canonical name of a skill spelling.
fn canonical(name: &'static str) -> &'static str {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, target)| target)
}

/// A spelling of `name`: now and then its alias.
fn spelling(name: &'static str, rng: &mut Rng) -> &'static str {
    match ALIASES.iter().find(|(_, target)| *target == name) {
        Some((alias, _)) if rng.chance(40) => alias,
        _ => name,
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

impl Role {
    fn generate(i: usize, (a, s, p): (usize, usize, usize), heads: &[Head], rng: &mut Rng) -> Role {
        let adjective = ADJECTIVES[a];
        let main = SKILLS[s].name;
        let specialty = SPECIALTIES[p];
        let role = format!("{adjective} {main} {specialty}");
        let place = &heads[i].place;
        let title = format!("Hire {role}s{place}");
        // The longest names would pass 60 characters (the lint's bar):
        // drop the verb, then, at 100,000 roles, the city of a numbered
        // place (the number alone keeps titles distinct).
        let title = if title.len() <= 60 {
            title
        } else if role.len() + 1 + place.len() <= 60 {
            format!("{role}s{place}")
        } else {
            format!("{role}s ({})", heads[i].number)
        };
        let lc = role_lc(a, s, p);
        let slug = heads[i].slug.clone();

        let mut skills: Vec<&'static str> = vec![main];
        let extra = rng.between(2, 5);
        for j in rng.sample(SKILLS.len(), extra + 1) {
            if skills.len() < extra + 1 && SKILLS[j].name != main {
                skills.push(SKILLS[j].name);
            }
        }
        let slots = Slots {
            role: lc.clone(),
            skill: main,
            skills: skills.clone(),
            slug: &slug,
            heads,
        };
        let spelled: Vec<&'static str> = skills.iter().map(|&n| spelling(n, rng)).collect();

        let (c1, c2) = (rng.pick(COUNTRIES), rng.pick(COUNTRIES));
        let description = format!(
            "Hire pre-vetted {lc}s{place}, from {c1} and {c2}. AI-fluent, working US hours, hired about 40% faster."
        );
        let description = if description.len() > 160 {
            format!("Hire pre-vetted {lc}s{place}, from Latin America, working US hours.")
        } else {
            description
        };
        let hero = Hero {
            heading: format!("Hire {lc}s from vetted Latin American talent"),
            subheading: format!(
                "Bring on dedicated {lc}s from {c1}, {c2} and the rest of the region, screened for {main} depth and AI fluency."
            ),
            cta: Cta {
                label: format!("Hire {}s", specialty.to_lowercase()),
                url: "/contact/".into(),
            },
        };
        let candidates = (0..3).map(|_| candidate(specialty, &skills, rng)).collect();
        let interview_questions = questions(&slots, rng);
        let faq = faq(&slots, rng);
        let testimonial = Testimonial {
            quote: fill(rng.pick(QUOTES), &slots, rng),
            name: rng.pick(CLIENT_NAMES),
            title: rng.pick(CLIENT_TITLES),
            company: rng.pick(COMPANIES),
        };
        let related = if heads.len() > 1 {
            rng.sample(heads.len(), 4)
                .into_iter()
                .filter(|&j| j != i)
                .take(3)
                .map(|j| heads[j].slug.clone())
                .collect()
        } else {
            Vec::new()
        };
        let month = rng.between(1, 12);
        let day = rng.between(1, 28);
        let body = guide(i, &slots, rng);
        Role {
            slug,
            title,
            role,
            description,
            hero,
            skills: spelled,
            candidates,
            interview_questions,
            faq,
            testimonial,
            related,
            weight: rng.between(1, 100) as u32,
            date: format!("2025-{month:02}-{day:02}"),
            updated: format!("2026-{:02}-{:02}", rng.between(1, 12), rng.between(1, 28)),
            body,
        }
    }
}

impl Candidate<&'static str> {
    /// The same card with each skill written by `spell`.
    fn with_skills(&self, spell: impl Fn(&'static str) -> String) -> Candidate<String> {
        Candidate {
            name: self.name.clone(),
            title: self.title.clone(),
            experience: self.experience,
            badge: self.badge,
            employment: self.employment,
            highlights: self.highlights.clone(),
            skills: self.skills.iter().map(|&s| spell(s)).collect(),
            location: self.location.clone(),
            photo: self.photo.clone(),
        }
    }
}

fn candidate(specialty: &str, skills: &[&'static str], rng: &mut Rng) -> Candidate<&'static str> {
    let highlights = rng
        .sample(HIGHLIGHTS.len(), 3)
        .into_iter()
        .map(|h| {
            HIGHLIGHTS[h]
                .replace("{company}", rng.pick(COMPANIES))
                .replace("{company2}", rng.pick(COMPANIES))
                .replace("{industry}", rng.pick(INDUSTRIES))
                .replace("{skill}", rng.pick(skills))
                .replace("{n}", &rng.between(3, 40).to_string())
        })
        .collect();
    let count = rng.between(2, 3).min(skills.len());
    let skills = rng
        .sample(skills.len(), count)
        .into_iter()
        .map(|k| spelling(skills[k], rng))
        .collect();
    Candidate {
        name: format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_INITIALS)),
        title: specialty.to_string(),
        experience: rng.pick(&["3-5 years", "5-10 years", "10+ years"]),
        badge: rng.pick(&[
            "Top company experience",
            "Rising star",
            "Open source contributor",
            "Startup veteran",
        ]),
        employment: rng.pick(&["Full-time or contractor", "Full-time", "Contractor"]),
        highlights,
        skills,
        location: None,
        photo: None,
    }
}

const HIGHLIGHTS: &[&str] = &[
    "Built a 0-to-1 product at {company}",
    "Previously at {company} and {company2}",
    "Background in {industry}",
    "Led the move of a monolith to {skill} services",
    "Mentored a team of {n} engineers",
    "Maintains an open-source {skill} library",
    "Cut infrastructure costs by {n}%",
    "Computer Science degree",
    "Shipped features used by millions of people at {company}",
    "Works across several languages and frameworks",
    "Ran on-call for a payments platform",
    "Speaker at a regional {skill} conference",
    "Rebuilt the test suite at {company} to run in minutes",
    "Took the {skill} codebase of {company} from prototype to production",
];

// ---------------------------------------------------------------------------
// Text.

/// Replaces `{slot}`s in `template`.
fn fill(template: &str, s: &Slots<'_>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').expect("closed slot");
        let key = &rest[start + 1..end];
        match key {
            "role" => out.push_str(&s.role),
            "roles" => {
                out.push_str(&s.role);
                out.push('s');
            }
            "a_role" => {
                let _ = write!(out, "{} {}", article(&s.role), s.role);
            }
            "skill" => out.push_str(s.skill),
            "skill2" => out.push_str(rng.pick(&s.skills[1..])),
            "tool" => out.push_str(rng.pick(TOOLS)),
            "topic" => out.push_str(rng.pick(TOPICS)),
            "metric" => out.push_str(rng.pick(METRICS)),
            "country" => out.push_str(rng.pick(COUNTRIES)),
            "company" => out.push_str(rng.pick(COMPANIES)),
            "industry" => out.push_str(rng.pick(INDUSTRIES)),
            "n" => {
                let _ = write!(out, "{}", rng.between(2, 12));
            }
            "link_role" => {
                let other = &s.heads[rng.below(s.heads.len())];
                let _ = write!(out, "[{}](/hire/{}/)", other.plural_lc, other.slug);
            }
            "link_skill" => {
                let _ = write!(out, "[{}](/hire/{}-developers/)", s.skill, slugify(s.skill));
            }
            "link_questions" => {
                let _ = write!(
                    out,
                    "[{} interview questions](/hire/{}/interview-questions/)",
                    s.role, s.slug
                );
            }
            other => panic!("unknown slot {other}"),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

const SENTENCES: &[&str] = &[
    "{a_role} owns the parts of the product that customers never see but always depend on.",
    "Most teams open a dedicated seat for {a_role} when their generalists spend more of the week on {topic} than on features.",
    "The best {roles} we place treat {topic} as part of the job rather than as somebody else's problem.",
    "Good candidates can explain how {skill} behaves under load, not just how to call its API.",
    "In our screening, the difference between a mid-level and a senior {role} shows up first in how they talk about trade-offs.",
    "Teams in {country} share most of the US workday, so reviews and incidents happen in real time.",
    "A strong {role} measures {metric} before and after every change that could move it.",
    "Expect them to write down decisions in short design documents that the rest of the team can review.",
    "When the product grows, {a_role} keeps {topic} boring, which is exactly what you want.",
    "Many of our clients pair this hire with {link_role}, so the two can split ownership cleanly.",
    "If your stack leans on {skill2}, ask for concrete stories about running it in production.",
    "The first month usually goes to learning the codebase, the deploy process and the people who own each service.",
    "A senior hire should leave the codebase easier to change than they found it.",
    "We look for engineers who have shipped with {skill} at a company like {company}, where mistakes were expensive.",
    "Nearshore engineers from {country} join standups, keep your core hours and take on-call shifts like anyone else.",
    "Daily work with {tool} is now normal, and the strongest candidates can show how it changed their output.",
    "The hiring bar should match the risk: a payments team needs more rigor than an internal dashboard.",
    "Ask how they would cut {metric} in half, and listen for measurements rather than guesses.",
    "You can read the questions our recruiters use on the {link_questions} page.",
    "A well-run team gives a new {role} a small, real change to ship in the first week.",
    "Hiring through Cordillera usually takes about three weeks from the kickoff call to a signed offer.",
    "Engineers who have worked in {industry} bring habits around audits, privacy and uptime that transfer well.",
    "Strong {roles} know when {skill2} is the right tool and when a simpler option will do.",
    "Candidates who can explain a hard bug they fixed, step by step, usually make good teammates.",
    "The role sits between product, design and operations, so communication matters as much as code.",
    "Some teams compare this profile with {link_role} before deciding which seat to open first.",
    "Salaries in {country} are competitive for both sides, and engineers stay for years when the work is interesting.",
    "Expect {n} weeks or more before a new hire is fully productive on a large system.",
    "Our recruiters have placed hundreds of engineers with {skill} experience, and the same few signals predict success.",
    "A good {role} reviews code with care and explains the why behind each comment.",
    "Clear writing matters, because much of the job happens in pull requests, tickets and chat threads.",
    "The right candidate is curious about the business, not only about the technology.",
    "When something breaks at night, they follow the runbook, fix the cause and then improve the runbook.",
    "Browse our [{skill} developers](/hire/{skill_slug}-developers/) if you need depth in one technology rather than a broader profile.",
    "Most of the engineers on this page have worked with US teams for several years.",
    "Ask for examples of {topic} they improved, and how they knew it worked.",
    "Budget for the tools they need, such as {tool}, from the first day.",
    "Remote work only works when expectations are written down, so agree on response times early.",
    "An engineer who asks sharp questions in the interview usually asks them in planning, too.",
    "Your existing engineers should meet every finalist, because they will work together every day.",
];

const LIST_ITEMS: &[&str] = &[
    "Designing and shipping features end to end with {skill}",
    "Keeping {metric} within the agreed budget",
    "Reviewing pull requests and mentoring newer engineers",
    "Writing tests that catch real regressions, not just raise coverage",
    "Owning {topic} for the services they build",
    "Working with product managers to size and slice the work",
    "Running and improving the CI/CD pipeline in {tool}",
    "Writing clear design documents before large changes",
    "Taking part in the on-call rotation and writing runbooks",
    "Profiling slow paths and fixing the cause, not the symptom",
    "Choosing between {skill} and {skill2} with the team's constraints in mind",
    "Automating the boring parts of the job with {tool}",
    "Documenting APIs so other teams can use them without a meeting",
    "Keeping dependencies up to date and secure",
    "Pairing with designers and analysts on the details",
    "Measuring the effect of every release on {metric}",
    "Deep knowledge of {skill} and working knowledge of {skill2}",
    "Comfort with Git workflows, code review and trunk-based development",
    "Experience with {tool} or a comparable tool",
    "Strong written English for design documents and reviews",
    "A habit of small, reversible changes",
    "Security basics: secrets management, least privilege and input validation",
    "Debugging production issues from logs, metrics and traces",
    "Experience in {industry} or another regulated industry",
    "Onboarding checklists that get a new hire to a first commit in days",
    "Clear ownership of {topic} from the first month",
    "**Time zone overlap** of six to eight hours with US teams",
    "**AI fluency**: daily use of `{tool}` with careful review of every change",
    "Reading `EXPLAIN` output and fixing slow queries",
    "Writing infrastructure as code instead of clicking through consoles",
];

const H2S: &[&str] = &[
    "What is {a_role}?",
    "Why hire {a_role}?",
    "Roles and responsibilities of {a_role}",
    "What skills should {a_role} have?",
    "How much does it cost to hire {a_role}?",
    "Where to find {roles} in Latin America",
    "How to interview {a_role}",
    "Onboarding a new {role} in the first 90 days",
    "Common mistakes when hiring {roles}",
    "Tools {roles} use every day",
    "Choosing a stack: {skill} and {skill2}",
    "Working with a nearshore {role}",
];

const H3S: &[&str] = &[
    "Core {skill} fluency",
    "Working across the stack",
    "Ownership of {topic}",
    "Communication and writing",
    "AI fluency",
    "Testing discipline",
    "Production experience",
    "Security and compliance",
    "Mentoring and code review",
    "Experience in {industry}",
    "The first week",
    "The first quarter",
    "Red flags in an interview",
    "Signals of seniority",
];

const LEADS: &[&str] = &[
    "Delivery",
    "Ownership",
    "Judgment",
    "Depth in {skill}",
    "Operations",
    "Collaboration",
    "Quality",
    "Speed",
];

/// A snippet per language, for the fenced code block of every other guide.
const CODE: &[(&str, &str)] = &[
    (
        "python",
        "def charge(db, key: str, payload: dict) -> dict:\n    with db.transaction():\n        row = db.fetch_one(\"SELECT response FROM idempotency WHERE key = %s\", (key,))\n        if row:\n            return row[\"response\"]\n        response = gateway.charge(payload)\n        db.execute(\"INSERT INTO idempotency (key, response) VALUES (%s, %s)\", (key, response))\n        return response\n",
    ),
    (
        "go",
        "type Balances struct {\n\tmu sync.Mutex\n\tm  map[string]int64\n}\n\nfunc (b *Balances) Add(account string, cents int64) {\n\tb.mu.Lock()\n\tdefer b.mu.Unlock()\n\tb.m[account] += cents\n}\n",
    ),
    (
        "java",
        "@RestController\nclass OrderController {\n    private final OrderService orders;\n\n    OrderController(OrderService orders) { this.orders = orders; }\n\n    @GetMapping(\"/orders/{id}\")\n    ResponseEntity<Order> get(@PathVariable long id) {\n        return orders.find(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());\n    }\n}\n",
    ),
    (
        "js",
        "export async function fetchWithRetry(url, attempts = 3) {\n  for (let i = 0; i < attempts; i++) {\n    const response = await fetch(url);\n    if (response.ok) return response.json();\n    await new Promise((resolve) => setTimeout(resolve, 2 ** i * 100));\n  }\n  throw new Error(`gave up on ${url}`);\n}\n",
    ),
    (
        "typescript",
        "interface Candidate {\n  name: string;\n  skills: string[];\n  yearsOfExperience: number;\n}\n\nexport function bySkill(candidates: Candidate[], skill: string): Candidate[] {\n  return candidates\n    .filter((c) => c.skills.includes(skill))\n    .sort((a, b) => b.yearsOfExperience - a.yearsOfExperience);\n}\n",
    ),
    (
        "sql",
        "SELECT c.country, count(*) AS hires, avg(o.days_to_offer) AS avg_days\nFROM offers o\nJOIN candidates c ON c.id = o.candidate_id\nWHERE o.accepted_at >= now() - interval '90 days'\nGROUP BY c.country\nORDER BY hires DESC;\n",
    ),
    (
        "rust",
        "use std::collections::HashMap;\n\nfn word_counts(text: &str) -> HashMap<&str, usize> {\n    let mut counts = HashMap::new();\n    for word in text.split_whitespace() {\n        *counts.entry(word).or_insert(0) += 1;\n    }\n    counts\n}\n",
    ),
    (
        "bash",
        "#!/usr/bin/env bash\nset -euo pipefail\nfor service in api worker scheduler; do\n  docker build -t \"registry.example.com/$service:$GIT_SHA\" \"services/$service\"\n  docker push \"registry.example.com/$service:$GIT_SHA\"\ndone\n",
    ),
    (
        "yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:1.4.2\n          resources:\n            limits: {cpu: \"1\", memory: 512Mi}\n",
    ),
];

/// A fenced code block in `language`, or in YAML when there is no snippet.
fn code_block(language: &str) -> String {
    let (language, code) = CODE
        .iter()
        .find(|(l, _)| *l == language)
        .unwrap_or(&CODE[CODE.len() - 1]);
    format!("```{language}\n{code}```\n\n")
}

fn table(s: &Slots<'_>, rng: &mut Rng) -> String {
    let mut t = String::from("| Level | Experience | What they own |\n|---|---|---|\n");
    let rows = [
        ("Mid-level", "3-5 years", "Features end to end, with review"),
        (
            "Senior",
            "5-10 years",
            "A service or product area, including {topic}",
        ),
        (
            "Staff",
            "10+ years",
            "Technical direction across teams and {skill} standards",
        ),
        (
            "Lead",
            "8+ years",
            "A team of {n} engineers and its delivery",
        ),
    ];
    for (level, years, owns) in rows.iter().take(rng.between(3, 4)) {
        let _ = writeln!(t, "| {level} | {years} | {} |", fill(owns, s, rng));
    }
    t.push('\n');
    t
}

fn paragraph(s: &Slots<'_>, rng: &mut Rng, sentences: RangeInclusive<usize>) -> String {
    let mut p = String::new();
    let count = rng.between(*sentences.start(), *sentences.end());
    for k in rng.sample(SENTENCES.len(), count) {
        if !p.is_empty() {
            p.push(' ');
        }
        let template = SENTENCES[k].replace("{skill_slug}", &slugify(s.skill));
        let mut sentence = fill(&template, s, rng);
        if let Some(first) = sentence.get(..1) {
            sentence.replace_range(..1, &first.to_uppercase());
        }
        p.push_str(&sentence);
    }
    p.push_str("\n\n");
    p
}

fn list(s: &Slots<'_>, rng: &mut Rng, items: RangeInclusive<usize>) -> String {
    let mut l = String::new();
    let count = rng.between(*items.start(), *items.end());
    for k in rng.sample(LIST_ITEMS.len(), count) {
        let _ = writeln!(l, "- {}", fill(LIST_ITEMS[k], s, rng));
    }
    l.push('\n');
    l
}

/// The hiring guide: about 1,500 words in 6–10 H2 sections.
fn guide(i: usize, s: &Slots<'_>, rng: &mut Rng) -> String {
    const WORDS: usize = 1500;
    let count = rng.between(6, 10);
    let mut sections = rng.sample(H2S.len(), count);
    sections.sort_unstable();
    let table_at = rng.chance(35).then(|| rng.below(count));
    let code_at = i.is_multiple_of(2).then(|| rng.below(count));
    let language = SKILLS
        .iter()
        .find(|k| k.name == s.skill)
        .map_or("yaml", |k| k.code);

    let mut body = String::new();
    for (n, &h) in sections.iter().enumerate() {
        let budget = WORDS * (n + 1) / count;
        let _ = write!(body, "## {}\n\n", capitalize(&fill(H2S[h], s, rng)));
        body.push_str(&paragraph(s, rng, 2..=4));
        match rng.below(3) {
            0 => {
                body.push_str(&list(s, rng, 4..=6));
            }
            1 => {
                for _ in 0..2 {
                    let _ = write!(body, "### {}\n\n", capitalize(&fill(rng.pick(H3S), s, rng)));
                    body.push_str(&paragraph(s, rng, 1..=2));
                    body.push_str(&list(s, rng, 2..=4));
                }
            }
            _ => {
                for _ in 0..2 {
                    let lead = fill(rng.pick(LEADS), s, rng);
                    let text = paragraph(s, rng, 1..=1);
                    let _ = write!(body, "**{lead}:** {text}");
                    body.push_str(&list(s, rng, 3..=4));
                }
            }
        }
        if table_at == Some(n) {
            body.push_str(&paragraph(s, rng, 1..=1));
            body.push_str(&table(s, rng));
        }
        if code_at == Some(n) {
            body.push_str("Here is the kind of code we ask candidates to review in the technical interview:\n\n");
            body.push_str(&code_block(language));
        }
        while word_count(&body) < budget {
            body.push_str(&paragraph(s, rng, 2..=4));
        }
    }
    body
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const QUESTIONS: &[&str] = &[
    "How would you structure a new {skill} service so that it stays easy to change?",
    "A key endpoint got slow in production overnight. How do you find the cause?",
    "How do you make an operation safe to retry?",
    "How would you change a table with 500 million rows without downtime?",
    "When would you put a queue between two services instead of calling one directly?",
    "What is the N+1 query problem, and how do you catch it?",
    "How do you decide what to test, and at which level?",
    "Describe your approach to caching and cache invalidation.",
    "How do you handle authentication and authorization in an API?",
    "Two requests update the same record at the same moment. What can go wrong?",
    "What goes into a good runbook for a service you own?",
    "How do you test code that depends on a third-party API?",
    "How do you use AI coding assistants such as {tool}, and how do you review what they produce?",
    "What would you look at first in an unfamiliar {skill} codebase?",
    "How do you roll out a risky change?",
    "Tell us about a production incident you led. What changed afterwards?",
    "How do you keep {metric} under control as the product grows?",
    "What are the trade-offs of {skill} compared with {skill2}?",
    "How do you handle secrets and configuration across environments?",
    "How would you explain a technical trade-off to a product manager?",
    "How do you review a large pull request from a teammate?",
    "What makes a deploy pipeline trustworthy?",
    "How do you approach logging, metrics and tracing in a new service?",
    "How would you split a large, slow test suite?",
];

const ANSWER_SENTENCES: &[&str] = &[
    "I start by measuring, because the first guess about {topic} is usually wrong.",
    "I look at what changed recently: deploys, feature flags, traffic and data growth.",
    "The change ships behind a flag, so we can turn it off in seconds if {metric} moves the wrong way.",
    "I would run `EXPLAIN ANALYZE` on the slow query and look for sequential scans.",
    "A unique constraint on an **idempotency key** settles two requests that race each other.",
    "I prefer small, additive changes that older clients can safely ignore.",
    "With {skill}, I keep the business rules in plain functions that are easy to test.",
    "Integration tests run against a real database in CI, using `docker compose up -d`.",
    "I write the runbook for a teammate who has just been woken up and has no context.",
    "Every alert links to a dashboard in {tool} and says what to check first.",
    "I wrap the vendor's client in a small interface that my code owns, so tests can use a fake.",
    "Nothing merges without review, whether a person or `{tool}` wrote the first draft.",
    "The trade-off is **consistency** against **availability**, and the business should make that call with us.",
    "I would rather delete code than add a clever abstraction nobody asked for.",
    "Secrets live in a vault and reach the service as environment variables, never in the repository.",
    "For a product manager, I describe the cost in days and the risk in plain words.",
    "I read the tests first, because they tell me what the author meant the code to do.",
    "Afterwards we write a blameless postmortem and track every action item to done.",
    "Structured logs with a request ID make it possible to follow one request across services.",
    "I split the suite by speed: fast unit tests on every commit, slower end-to-end tests before merge.",
];

fn answer(s: &Slots<'_>, rng: &mut Rng) -> String {
    let mut a = String::new();
    let count = rng.between(2, 4);
    for k in rng.sample(ANSWER_SENTENCES.len(), count) {
        if !a.is_empty() {
            a.push(' ');
        }
        a.push_str(&fill(ANSWER_SENTENCES[k], s, rng));
    }
    a.push('\n');
    if rng.chance(25) {
        a.push('\n');
        for (n, k) in rng.sample(LIST_ITEMS.len(), 3).into_iter().enumerate() {
            let _ = writeln!(a, "{}. {}", n + 1, fill(LIST_ITEMS[k], s, rng));
        }
    }
    a
}

fn questions(s: &Slots<'_>, rng: &mut Rng) -> Vec<Question> {
    let count = rng.between(4, 15);
    rng.sample(QUESTIONS.len(), count)
        .into_iter()
        .map(|k| Question {
            question: fill(QUESTIONS[k], s, rng),
            answer: answer(s, rng),
        })
        .collect()
}

const FAQ: &[(&str, &str)] = &[
    (
        "How quickly can we hire {a_role} through Cordillera?",
        "Most clients hire about 40% faster than with their usual process. You review pre-vetted profiles shortly after a kickoff call. [Tell us about the role](/contact/) to get started.\n",
    ),
    (
        "Do Cordillera {roles} work US hours?",
        "Yes. Our engineers live in {country} and nearby countries, so their working day overlaps most or all of yours. They join your standups and keep your core hours.\n",
    ),
    (
        "Can we hire full-time or on a contract basis?",
        "Either works. For full-time hires we can act as the employer of record and run payroll, benefits and local compliance, so you don't need a legal entity in {country}.\n",
    ),
    (
        "How do you vet {roles}?",
        "Every engineer passes a recruiter interview, a technical assessment in {skill}, a live interview with a practicing engineer and an AI fluency review. Only the top 7% pass.\n",
    ),
    (
        "What does it cost to hire {a_role}?",
        "It depends on seniority and location. Tell us about the role and we will share current salary ranges for {country} and two or three other countries.\n",
    ),
    (
        "What if a hire does not work out?",
        "If an engineer leaves or is not the right fit in the first 90 days, we find a replacement at no extra cost.\n",
    ),
];

fn faq(s: &Slots<'_>, rng: &mut Rng) -> Vec<Question> {
    rng.sample(FAQ.len(), 3)
        .into_iter()
        .map(|k| Question {
            question: fill(FAQ[k].0, s, rng),
            answer: fill(FAQ[k].1, s, rng),
        })
        .collect()
}

const QUOTES: &[&str] = &[
    "Cordillera took most of the grind out of recruiting and still sent us excellent candidates. We made our first hire in weeks.",
    "Our new {role} shipped to production in the first week and now owns {topic} for the whole team.",
    "We interviewed four people and wanted to hire three of them. The screening is real.",
    "Having engineers in {country} on our hours changed how fast we can respond to incidents.",
    "The candidates knew {skill} better than most of the people we had interviewed locally.",
    "Payroll, contracts and benefits were handled for us, so we could focus on the work.",
];

// ---------------------------------------------------------------------------
// Writing the hirepage site.

/// Which generator a file is written for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Hirepage,
    Hugo,
}

impl Role {
    /// The front matter of the role. hirepage reads skill names (aliases
    /// included) and `updated`; Hugo reads skill slugs, its taxonomy terms,
    /// and `lastmod`.
    fn front(&self, flavour: Flavour) -> RoleFront<'_> {
        let spell = |name: &'static str| match flavour {
            Flavour::Hirepage => name.to_string(),
            Flavour::Hugo => slugify(canonical(name)),
        };
        let hugo = flavour == Flavour::Hugo;
        RoleFront {
            title: &self.title,
            role: &self.role,
            description: &self.description,
            hero: &self.hero,
            skills: self.skills.iter().map(|&s| spell(s)).collect(),
            candidates: self
                .candidates
                .iter()
                .map(|c| Candidate {
                    location: c.location.clone().filter(|_| !hugo),
                    photo: c.photo.clone().filter(|_| !hugo),
                    ..c.with_skills(spell)
                })
                .collect(),
            interview_questions: &self.interview_questions,
            faq: &self.faq,
            testimonial: &self.testimonial,
            related: &self.related,
            weight: self.weight,
            date: &self.date,
            updated: (!hugo).then_some(self.updated.as_str()),
            lastmod: hugo.then_some(self.updated.as_str()),
        }
    }
}

/// Front matter of a role, in either flavour.
#[derive(Serialize)]
struct RoleFront<'a> {
    title: &'a str,
    role: &'a str,
    description: &'a str,
    hero: &'a Hero,
    skills: Vec<String>,
    candidates: Vec<Candidate<String>>,
    interview_questions: &'a [Question],
    faq: &'a [Question],
    testimonial: &'a Testimonial,
    related: &'a [String],
    weight: u32,
    date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lastmod: Option<&'a str>,
}

#[derive(Serialize)]
struct PageFront<'a> {
    title: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hero: Option<&'a Hero>,
}

fn document<T: Serialize>(front: &T, body: &str) -> String {
    let yaml = serde_yaml::to_string(front).expect("front matter serialises");
    format!("---\n{yaml}---\n{body}")
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).expect("under from");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

const SITE_TITLE: &str = "Cordillera Talent";
const SITE_DESCRIPTION: &str = "Hire vetted Latin American software engineers who work US hours.";

const FLUENCY: &str = "heading: Three levels of AI fluency, verified by Cordillera
intro: Every candidate gets one of three AI fluency ratings after a live screening, so you know how each engineer works before the first interview.
levels:
  - name: AI Assisted
    summary: Engineers who ask a chat assistant for answers and advice, while still writing most of their code by hand.
    points:
      - Relies on AI for research and quick reference
      - Writes most code manually
  - name: AI Enabled
    summary: Engineers who work with coding assistants every day to generate code, refactor and speed up routine work.
    points:
      - AI is part of the everyday workflow
      - A human reviews every change
  - name: AI Native
    summary: Builders whose whole workflow is AI-integrated, directing agents from the first line of code to review.
    points:
      - Runs several agents at once across repositories
      - Keeps deep ownership of the architecture
";

const PROCESS: &str = "heading: How we hire at Cordillera Talent
intro: Four steps take you from an open role to an engineer committing code on your team.
steps:
  - name: Recruit
    text: Our sourcing never pauses. We reach engineers through outreach, applications and referrals.
  - name: Match
    text: Talent specialists bring forward the candidates who fit both the role and the way your team works.
  - name: Interview
    text: We run the interview loop alongside you, from scheduling to collecting feedback.
  - name: Hire & Employ
    text: We handle the hire and, if you want, act as the employer of record.
";

fn skills_yaml() -> String {
    let mut y = String::from("# Alternative spellings and the skill each one names.\naliases:\n");
    for (alias, target) in ALIASES {
        let _ = writeln!(y, "  {alias}: {target}");
    }
    y
}

fn site_yaml() -> String {
    format!(
        "title: {SITE_TITLE}
base_url: https://hire.example.com/
description: {SITE_DESCRIPTION}
language: en
cta:
  label: Talk to us
  url: /contact/
interview_questions_preview: 4
# Hugo is run without --minify, so hirepage does not minify either.
minify: false
# The Hugo twin makes no social cards, so neither does hirepage: the
# benchmark compares the same work (and tests on generated sites do not
# draw thousands of cards). The README gives what cards cost.
social_cards: false
extra:
  tagline: Vetted Latin American engineers, on your time zone.
  nav:
    - {{label: Hire by role, url: /hire/}}
    - {{label: About, url: /about/}}
    - {{label: Contact, url: /contact/}}
"
    )
}

/// The home page: front matter and body.
fn write_home(site: &Site, path: &Path) -> std::io::Result<()> {
    let first = &site.roles[0];
    let body = format!(
        "## Why hire nearshore in Latin America\n\nEngineers in Mexico, Colombia, Costa Rica and Chile share most or all of the US workday, so standups, code reviews and incidents happen in real time. Browse [every role we hire for](/hire/) or start with [{}](/hire/{}/).\n\n## How it works\n\nTell us about the role, and we introduce engineers who have already passed our screening. You interview the candidates you like and choose who to hire. Read [how we vet engineers](/about/).\n",
        first.title, first.slug
    );
    let hero = Hero {
        heading: "Hire vetted Latin American engineers who work your hours".into(),
        subheading: "Backend, frontend, mobile, data, DevOps and QA engineers, screened for skill and AI fluency.".into(),
        cta: Cta {
            label: "Talk to us".into(),
            url: "/contact/".into(),
        },
    };
    let front = PageFront {
        title: "Cordillera Talent: Hire Latin American Engineers",
        description: "Hire pre-vetted software engineers from Latin America who work US hours. Just 7% of applicants make it through.",
        hero: Some(&hero),
    };
    write(path, &document(&front, &body))
}

const ABOUT: &str = "## Who we are

Cordillera Talent is a nearshore recruiting firm. We find, vet and place software engineers from Latin America with US companies, from seed-stage startups to public companies.

## How we vet engineers

1. A recruiter interview covering experience, communication and English.
2. A technical assessment designed by senior engineers for the role.
3. A live technical interview with a practicing engineer.
4. An AI fluency review.

Only the top 7% of applicants pass. Browse [all the roles we hire for](/hire/) or [get in touch](/contact/).
";

const CONTACT: &str = "## Tell us about the role

Write to hello@example.com with the role, the team and the skills you need, and a talent specialist will reply within one business day.

## What happens next

We schedule a short kickoff call, then send you profiles of pre-vetted engineers. Browse [all the roles we hire for](/hire/) in the meantime.
";

fn write_hirepage(site: &Site, out: &Path, repo: &Path) -> std::io::Result<()> {
    fs::create_dir_all(out)?;
    write(&out.join("site.yaml"), &site_yaml())?;
    let content = out.join("content");
    write_pages(
        site,
        &content,
        &content.join("pages"),
        &content.join("_data"),
    )?;
    write(&content.join("_data/skills.yaml"), &skills_yaml())?;
    write_locations(site, &content.join("locations"))?;
    write_photos(site.photos, &out.join("static"))?;

    let roles = content.join("roles");
    fs::create_dir_all(&roles)?;
    let mut expected = String::new();
    for role in &site.roles {
        let front = role.front(Flavour::Hirepage);
        fs::write(
            roles.join(format!("{}.md", role.slug)),
            document(&front, &role.body),
        )?;
        let _ = writeln!(expected, "/hire/{}/", role.slug);
        let _ = writeln!(expected, "/hire/{}/interview-questions/", role.slug);
    }
    for skill in site.used_skills() {
        let _ = writeln!(expected, "/hire/{}-developers/", slugify(skill));
    }
    // Beside content/, where hirepage does not look: what bench/run.sh
    // checks the build against.
    write(&out.join("expected-pages.txt"), &expected)?;
    copy_dir(&repo.join("themes/default"), &out.join("themes/default"))
}

/// The front matter of a generated translation: its text; the rest is
/// inherited from the original.
#[derive(Serialize)]
struct TranslationFront<'a> {
    title: String,
    role: String,
    description: String,
    interview_questions: &'a [Question],
}

/// Writes `<slug>.es.md` for `share` of the roles (every n-th, so that
/// they spread over the directory and the skills) and adds `es` to
/// site.yaml; returns how many.
fn write_translations(site: &Site, out: &Path, share: f64) -> std::io::Result<usize> {
    if share <= 0.0 {
        return Ok(0);
    }
    let roles = out.join("content/roles");
    let mut count = 0;
    let mut owed = 0.0;
    for role in &site.roles {
        owed += share;
        if owed < 1.0 {
            continue;
        }
        owed -= 1.0;
        let front = TranslationFront {
            title: format!("Contrata {}", role.title.trim_start_matches("Hire ")),
            role: format!("{} (es)", role.role),
            description: format!("En español: {}", role.description),
            interview_questions: &role.interview_questions,
        };
        let body = format!("## Guía en español\n\n{}", role.body);
        fs::write(
            roles.join(format!("{}.es.md", role.slug)),
            document(&front, &body),
        )?;
        count += 1;
    }
    let config = out.join("site.yaml");
    let mut yaml = fs::read_to_string(&config)?;
    yaml.push_str("languages:\n  es:\n    description: Ingenieros latinoamericanos evaluados.\n");
    fs::write(config, yaml)?;
    Ok(count)
}

/// The `--photos` portraits: a head and shoulders over a gradient, with
/// the grain of a camera sensor so that they compress like photos, each
/// with its own colours and proportions. Distinct bytes, so that no two
/// share a cache entry; the same `n` gives the same files.
fn write_photos(n: usize, static_dir: &Path) -> std::io::Result<()> {
    use image::codecs::jpeg::JpegEncoder;
    use rayon::prelude::*;
    const WIDTH: u32 = 1200;
    const HEIGHT: u32 = 1500;
    (0..n).into_par_iter().try_for_each(|i| {
        let mut rng = Rng::new(i as u64);
        let mut colour = || {
            [
                rng.between(40, 220) as f32,
                rng.between(40, 220) as f32,
                rng.between(40, 220) as f32,
            ]
        };
        let (top, bottom, skin, shirt) = (colour(), colour(), colour(), colour());
        let head = (
            0.5 + (i % 7) as f32 * 0.01 - 0.03,
            0.38,
            0.17 + (i % 5) as f32 * 0.01,
        );
        let mut grain = Rng::new(i as u64 + 7);
        let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
        for y in 0..HEIGHT {
            let v = y as f32 / HEIGHT as f32;
            for x in 0..WIDTH {
                let u = x as f32 / WIDTH as f32;
                let (dx, dy) = (u - head.0, (v - head.1) * 0.8);
                let in_head = dx * dx + dy * dy < head.2 * head.2;
                let sx = (u - 0.5) / 0.42;
                let sy = (v - 1.05) / 0.42;
                let base = if in_head {
                    skin
                } else if sx * sx + sy * sy < 1.0 {
                    shirt
                } else {
                    std::array::from_fn(|c| top[c] * (1.0 - v) + bottom[c] * v)
                };
                let noise = (grain.next() % 17) as f32 - 8.0;
                pixels.extend(base.map(|c| (c + noise).clamp(0.0, 255.0) as u8));
            }
        }
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode(&pixels, WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
            .map_err(std::io::Error::other)?;
        let path = static_dir.join(photo_path(i));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    })
}

/// One file per location of `--locations`, each with its own copy.
fn write_locations(site: &Site, dir: &Path) -> std::io::Result<()> {
    for (i, name) in site.locations.iter().enumerate() {
        let zone = PLACES[i % PLACES.len()].1;
        let people = 20_000 + (i * 7_919) % 180_000;
        let text = format!(
            "---\nname: {name}\ndescription: \"Hire vetted software engineers in {name}, \
             pre-screened by Cordillera recruiters and working hours that overlap the US.\"\n\
             timezone: {zone}\nfacts:\n  - {{label: Talent pool, value: \"About {people} developers\"}}\n\
             faq:\n  - question: How fast can an engineer in {name} start?\n    answer: Most can start \
             within {weeks} weeks of an offer.\n---\n## Why hire in {name}\n\n{name} has a \
             developer community of about {people} people, with local meetups, a university \
             that trains engineers in {name} every year and employers that compete for the best \
             of them. Engineers there work {zone} hours.\n",
            weeks = 1 + i % 4,
        );
        write(&dir.join(format!("{}.md", slugify(name))), &text)?;
    }
    Ok(())
}

/// The home page into `content`, the plain pages into `pages` and the
/// shared data into `data`: the same files in both flavours, in different
/// folders.
fn write_pages(site: &Site, content: &Path, pages: &Path, data: &Path) -> std::io::Result<()> {
    write_home(site, &content.join("_index.md"))?;
    for (slug, title, description, body) in plain_pages() {
        let front = PageFront {
            title,
            description,
            hero: None,
        };
        write(&pages.join(format!("{slug}.md")), &document(&front, body))?;
    }
    write(&data.join("fluency.yaml"), FLUENCY)?;
    write(&data.join("process.yaml"), PROCESS)
}

fn plain_pages() -> [(&'static str, &'static str, &'static str, &'static str); 2] {
    [
        (
            "about",
            "About Cordillera Talent",
            "Cordillera Talent connects US companies with vetted software engineers in Latin America.",
            ABOUT,
        ),
        (
            "contact",
            "Contact Cordillera Talent",
            "Tell us about the role you need to fill and meet pre-vetted engineers within days.",
            CONTACT,
        ),
    ]
}

// ---------------------------------------------------------------------------
// Writing the Hugo site.

#[derive(Serialize)]
struct TermFront<'a> {
    title: String,
    slug: String,
    name: &'a str,
}

#[derive(Serialize)]
struct QuestionsFront<'a> {
    title: String,
    description: String,
    url: String,
    /// The role page whose questions this page shows.
    role_page: String,
    date: &'a str,
    lastmod: &'a str,
}

fn write_hugo(site: &Site, out: &Path, repo: &Path) -> std::io::Result<()> {
    let bench = repo.join("bench/hugo");
    fs::create_dir_all(out)?;
    fs::copy(bench.join("config.yaml"), out.join("config.yaml"))?;
    copy_dir(&bench.join("layouts"), &out.join("layouts"))?;
    copy_dir(&repo.join("themes/default/static"), &out.join("static"))?;
    copy_dir(&bench.join("static"), &out.join("static"))?;
    let content = out.join("content");
    write_pages(site, &content, &content, &out.join("data"))?;
    write(
        &content.join("hire/_index.md"),
        "---\ntitle: Hire developers by role and skill\n---\n",
    )?;
    // The questions pages live in their own section, whose list page is
    // not rendered (hirepage has no such page).
    write(
        &content.join("interview-questions/_index.md"),
        "---\ntitle: Interview questions\n_build:\n  render: never\n  list: never\n---\n",
    )?;
    for skill in site.used_skills() {
        let front = TermFront {
            title: format!("Hire {skill} Developers"),
            slug: slugify(skill),
            name: skill,
        };
        write(
            &content.join(format!("skills/{}/_index.md", slugify(skill))),
            &document(&front, ""),
        )?;
    }
    let hire = content.join("hire");
    let questions = content.join("interview-questions");
    for role in &site.roles {
        let front = role.front(Flavour::Hugo);
        fs::write(
            hire.join(format!("{}.md", role.slug)),
            document(&front, &role.body),
        )?;
        let front = QuestionsFront {
            title: format!("{} interview questions", role.role),
            description: format!(
                "{} interview questions for hiring a {}, with the answers that show real experience.",
                role.interview_questions.len(),
                role.role
            ),
            url: format!("/hire/{}/interview-questions/", role.slug),
            role_page: format!("/hire/{}", role.slug),
            date: &role.date,
            lastmod: &role.updated,
        };
        fs::write(
            questions.join(format!("{}.md", role.slug)),
            document(&front, ""),
        )?;
    }
    Ok(())
}
