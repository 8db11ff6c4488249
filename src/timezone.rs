//! The time zones a location's `timezone` may name, and how much of a
//! working day they share with US Eastern and Pacific time.
//!
//! No time zone database: hirepage knows the IANA zones of the Americas
//! (where its talent lives, [`ZONES`]), each with its standard offset and
//! its daylight saving time, and rejects any other name with a clear error
//! (`unknown-timezone`). A build must give the same bytes whatever the day
//! it runs, so the theme shows two fixed seasons, January and July, rather
//! than "now"; the shoulder weeks when one hemisphere has moved its clocks
//! and the other not yet are left out. A database crate (chrono-tz) would
//! add every zone of the world and megabytes of tables for two figures
//! per page.

use serde::Serialize;

/// When a zone keeps daylight saving time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Daylight {
    /// Never (most of Latin America since 2019–2022).
    None,
    /// One hour ahead from March to November (the US, Canada, Mexico's
    /// northern border, Cuba): in July.
    North,
    /// One hour ahead from September to April (Chile): in January.
    South,
}

/// An IANA zone: name, standard UTC offset in minutes, daylight saving time.
type Zone = (&'static str, i32, Daylight);

/// The zones `timezone:` may name, by IANA name (sorted).
const ZONES: &[Zone] = &[
    ("America/Argentina/Buenos_Aires", -180, Daylight::None),
    ("America/Argentina/Cordoba", -180, Daylight::None),
    ("America/Argentina/Mendoza", -180, Daylight::None),
    ("America/Asuncion", -180, Daylight::None),
    ("America/Bahia", -180, Daylight::None),
    ("America/Belem", -180, Daylight::None),
    ("America/Belize", -360, Daylight::None),
    ("America/Bogota", -300, Daylight::None),
    ("America/Buenos_Aires", -180, Daylight::None),
    ("America/Cancun", -300, Daylight::None),
    ("America/Caracas", -240, Daylight::None),
    ("America/Chicago", -360, Daylight::North),
    ("America/Chihuahua", -360, Daylight::None),
    ("America/Costa_Rica", -360, Daylight::None),
    ("America/Denver", -420, Daylight::North),
    ("America/El_Salvador", -360, Daylight::None),
    ("America/Fortaleza", -180, Daylight::None),
    ("America/Guatemala", -360, Daylight::None),
    ("America/Guayaquil", -300, Daylight::None),
    ("America/Halifax", -240, Daylight::North),
    ("America/Havana", -300, Daylight::North),
    ("America/Hermosillo", -420, Daylight::None),
    ("America/La_Paz", -240, Daylight::None),
    ("America/Lima", -300, Daylight::None),
    ("America/Los_Angeles", -480, Daylight::North),
    ("America/Managua", -360, Daylight::None),
    ("America/Manaus", -240, Daylight::None),
    ("America/Mazatlan", -420, Daylight::None),
    ("America/Merida", -360, Daylight::None),
    ("America/Mexico_City", -360, Daylight::None),
    ("America/Monterrey", -360, Daylight::None),
    ("America/Montevideo", -180, Daylight::None),
    ("America/New_York", -300, Daylight::North),
    ("America/Panama", -300, Daylight::None),
    ("America/Phoenix", -420, Daylight::None),
    ("America/Puerto_Rico", -240, Daylight::None),
    ("America/Recife", -180, Daylight::None),
    ("America/Santiago", -240, Daylight::South),
    ("America/Santo_Domingo", -240, Daylight::None),
    ("America/Sao_Paulo", -180, Daylight::None),
    ("America/Tegucigalpa", -360, Daylight::None),
    ("America/Tijuana", -480, Daylight::North),
    ("America/Toronto", -300, Daylight::North),
    ("America/Vancouver", -480, Daylight::North),
    ("Etc/UTC", 0, Daylight::None),
    ("UTC", 0, Daylight::None),
];

/// The US zones the theme compares with, and their labels.
const US: [(&str, &str); 2] = [
    ("US Eastern", "America/New_York"),
    ("US Pacific", "America/Los_Angeles"),
];

/// The working day compared: 9:00 to 17:00 local time, in minutes.
const WORKDAY: (i32, i32) = (9 * 60, 17 * 60);

fn zone(name: &str) -> Option<&'static Zone> {
    ZONES
        .binary_search_by(|(n, _, _)| (*n).cmp(name))
        .ok()
        .map(|i| &ZONES[i])
}

/// Every zone name `timezone:` accepts, for did-you-mean hints.
pub fn names() -> impl Iterator<Item = &'static str> {
    ZONES.iter().map(|(n, _, _)| *n)
}

/// Whether `name` is a zone hirepage knows.
pub fn is_known(name: &str) -> bool {
    zone(name).is_some()
}

/// UTC offset of a zone in January and in July, in minutes.
fn offsets(zone: &Zone) -> (i32, i32) {
    let (_, standard, daylight) = *zone;
    match daylight {
        Daylight::None => (standard, standard),
        Daylight::North => (standard, standard + 60),
        Daylight::South => (standard + 60, standard),
    }
}

/// Minutes two 9-to-5 days share, at offsets `a` and `b` from UTC.
fn shared_minutes(a: i32, b: i32) -> i32 {
    let (start, end) = WORKDAY;
    let (a0, a1) = (start - a, end - a);
    let (b0, b1) = (start - b, end - b);
    (a1.min(b1) - a0.max(b0)).max(0)
}

/// `UTC−6`, `UTC−3:30`, `UTC` (with a real minus sign).
fn format_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes < 0 { '\u{2212}' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// Minutes as hours: `7`, `6.5`; with `signed`, `+2` and `−1`.
fn hours(minutes: i32, signed: bool) -> String {
    let sign = match minutes.signum() {
        -1 => "\u{2212}",
        1 if signed => "+",
        _ => "",
    };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    match m {
        0 => format!("{sign}{h}"),
        30 => format!("{sign}{h}.5"),
        _ => format!("{sign}{h}:{m:02}"),
    }
}

/// What templates see of a location's time zone: `page.timezone`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimezoneView {
    /// The IANA name, as written.
    pub name: &'static str,
    /// `UTC−6`; in July when it differs (`utc_offset_july`).
    pub utc_offset: String,
    /// The July offset when daylight saving time changes it.
    pub utc_offset_july: Option<String>,
    /// The overlap of a 9:00–17:00 day with US Eastern, then US Pacific.
    pub overlap: Vec<Overlap>,
}

/// Shared working hours with one US zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    /// "US Eastern".
    pub with: &'static str,
    /// Hours shared in January: `7`, `6.5`.
    pub january: String,
    /// Hours shared in July.
    pub july: String,
    /// Hours this zone is ahead of the US one in January: `+2`, `0`,
    /// `−1` (behind).
    pub ahead_january: String,
    /// The same in July.
    pub ahead_july: String,
}

/// The view of zone `name`, or `None` if hirepage does not know it.
pub fn view(name: &str) -> Option<TimezoneView> {
    let zone = zone(name)?;
    let (jan, jul) = offsets(zone);
    let ahead = |m: i32| hours(m, true);
    let hours = |m: i32| hours(m, false);
    let overlap = US
        .iter()
        .filter_map(|(label, us)| {
            let (us_jan, us_jul) = offsets(self::zone(us)?);
            Some(Overlap {
                with: label,
                january: hours(shared_minutes(jan, us_jan)),
                july: hours(shared_minutes(jul, us_jul)),
                ahead_january: ahead(jan - us_jan),
                ahead_july: ahead(jul - us_jul),
            })
        })
        .collect();
    Some(TimezoneView {
        name: zone.0,
        utc_offset: format_offset(jan),
        utc_offset_july: (jan != jul).then(|| format_offset(jul)),
        overlap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(ZONES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(is_known("America/Bogota"));
        assert!(!is_known("america/bogota"));
        assert!(!is_known("Europe/Paris"));
    }

    #[test]
    fn mexico_city_shares_seven_hours_with_new_york_in_winter() {
        let v = view("America/Mexico_City").unwrap();
        assert_eq!(v.utc_offset, "UTC\u{2212}6");
        assert_eq!(v.utc_offset_july, None);
        let east = &v.overlap[0];
        assert_eq!(
            (east.with, &*east.january, &*east.july),
            ("US Eastern", "7", "6")
        );
        assert_eq!(
            (&*east.ahead_january, &*east.ahead_july),
            ("\u{2212}1", "\u{2212}2")
        );
        let west = &v.overlap[1];
        assert_eq!((&*west.january, &*west.july), ("6", "7"));
        assert_eq!(west.ahead_january, "+2");
    }

    #[test]
    fn santiago_keeps_southern_summer_time() {
        let v = view("America/Santiago").unwrap();
        assert_eq!(v.utc_offset, "UTC\u{2212}3");
        assert_eq!(v.utc_offset_july.as_deref(), Some("UTC\u{2212}4"));
        // January: Santiago UTC-3, New York UTC-5: two hours ahead.
        assert_eq!(v.overlap[0].january, "6");
        assert_eq!(v.overlap[0].july, "8");
        // Los Angeles in January is five hours behind: three hours shared.
        assert_eq!(v.overlap[1].january, "3");
        assert_eq!(hours(-210, true), "\u{2212}3.5");
    }

    #[test]
    fn days_far_apart_share_nothing() {
        assert_eq!(shared_minutes(0, -600), 0);
        assert_eq!(shared_minutes(-300, -300), 480);
        assert_eq!(format_offset(-210), "UTC\u{2212}3:30");
        assert_eq!(format_offset(0), "UTC");
    }
}
