//! The values mkdocs-macros gives every template besides the project's own: `git` (the commit
//! being built, read with libgit2 instead of the `git` command), `environment`, `now()`,
//! `fix_url()`, and the variables of `include_yaml` files.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use minijinja::value::{Object, Value};
use minijinja::{Error, ErrorKind, State};
use serde_json::{Value as Json, json};

use crate::load::project::Project;

/// The variables of one `include_yaml` entry: `(key, content)` (`None` for a missing file,
/// which mkdocs-macros skips too); `Err` says what is wrong.
pub(super) fn include_yaml(
    project: &Project,
    entry: &Json,
) -> Result<Option<(Option<String>, Json)>, String> {
    let Some((key, file)) = super::include_yaml_entry(entry) else {
        return Err(format!(
            "an `include_yaml` entry is neither a file nor `key: file`: {entry}"
        ));
    };
    let path = project.path(&file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Err(format!(
            "the macros `include_yaml` file `{file}` cannot be read; its variables are undefined"
        ));
    };
    let content: Json = serde_saphyr::from_str(&text).map_err(|e| {
        format!(
            "`{file}` is not valid YAML: {}",
            crate::util::yaml::message(&e)
        )
    })?;
    Ok(Some((key, content)))
}

/// mkdocs-macros' `git`: the commit checked out, its tag, branch, author and date. Outside a
/// repository `status` is false and the rest is empty.
pub(super) fn git(project: &Project) -> Json {
    let empty = json!({"status": false, "date": null});
    let Some(repo) = crate::load::git::Repo::discover(&project.root) else {
        return empty;
    };
    let raw = repo.raw();
    let Ok(commit) = raw.head().and_then(|h| h.peel_to_commit()) else {
        return empty;
    };
    let describe = |abbrev: Option<u32>| {
        let mut options = git2::DescribeOptions::new();
        options.describe_tags();
        let mut format = git2::DescribeFormatOptions::new();
        if let Some(size) = abbrev {
            format.abbreviated_size(size);
        }
        raw.describe(&options)
            .and_then(|d| d.format(Some(&format)))
            .unwrap_or_default()
    };
    let branch = raw
        .head()
        .ok()
        .and_then(|h| h.shorthand().ok().map(str::to_string))
        .unwrap_or_default();
    let author = commit.author();
    let committer = commit.committer();
    let when = committer.when();
    let root = raw
        .workdir()
        .map(|p| p.to_string_lossy().trim_end_matches('/').to_string())
        .unwrap_or_default();
    json!({
        "status": true,
        "commit": commit.id().to_string(),
        "short_commit": crate::load::git::short(commit.id()),
        "tag": describe(None),
        "short_tag": describe(Some(0)),
        "branch": branch,
        "author": author.name().unwrap_or_default(),
        "author_email": author.email().unwrap_or_default(),
        "committer": committer.name().unwrap_or_default(),
        "committer_email": committer.email().unwrap_or_default(),
        "date_ISO": git_date(when.seconds(), when.offset_minutes()),
        "date": python_date(when.seconds(), when.offset_minutes()),
        "message": commit.message().unwrap_or_default().trim_end(),
        "raw": "",
        "root_dir": root,
    })
}

/// mkdocs-macros' `environment`: where the site is built. sadoc runs no Python, so the
/// Python and MkDocs versions are empty and `sadoc_version` is there instead.
pub(super) fn environment() -> Json {
    let system = match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "MacOs",
        "windows" => "Windows",
        other => other,
    };
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    json!({
        "system": system,
        "system_version": release.trim(),
        "python_version": "",
        "mkdocs_version": "",
        "macros_plugin_version": "",
        "jinja2_version": "",
        "sadoc_version": env!("CARGO_PKG_VERSION"),
    })
}

/// mkdocs-macros' `fix_url`: a relative URL climbs one folder (pages are built one folder
/// down with pretty URLs).
pub(super) fn fix_url(url: String) -> String {
    let relative = !url.contains("://") && !url.starts_with('/') && !url.starts_with('#');
    if relative && !url.is_empty() {
        format!("../{url}")
    } else {
        url
    }
}

/// mkdocs-macros' `now()`: the time of the build, in UTC (`SOURCE_DATE_EPOCH` if set, for
/// reproducible sites).
pub(super) fn now() -> Value {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let (seconds, micros) = match epoch {
        Some(s) => (s, 0),
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_micros())),
    };
    Value::from_object(DateTime::new(seconds, micros))
}

/// A point in time with Python's `datetime` attributes and formatting.
#[derive(Debug, Clone, Copy)]
struct DateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    micros: u32,
    weekday: u32,
    yearday: u32,
}

impl DateTime {
    fn new(seconds: i64, micros: u32) -> DateTime {
        let days = seconds.div_euclid(86_400);
        let rest = seconds.rem_euclid(86_400) as u32;
        let (year, month, day) = crate::util::date::civil_from_days(days);
        // 1970-01-01 was a Thursday (Python's weekday 3, Monday being 0).
        let weekday = (days + 3).rem_euclid(7) as u32;
        let yearday = (days - days_from_civil(year, 1, 1)) as u32 + 1;
        DateTime {
            year,
            month,
            day,
            hour: rest / 3600,
            minute: rest / 60 % 60,
            second: rest % 60,
            micros,
            weekday,
            yearday,
        }
    }

    /// Python's `strftime` for the directives sites use.
    fn strftime(&self, format: &str) -> String {
        const DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let month = crate::util::date::MONTHS[(self.month as usize + 11) % 12];
        let day = DAYS[self.weekday as usize % 7];
        let mut out = String::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('Y') => out.push_str(&self.year.to_string()),
                Some('y') => out.push_str(&format!("{:02}", self.year.rem_euclid(100))),
                Some('m') => out.push_str(&format!("{:02}", self.month)),
                Some('d') => out.push_str(&format!("{:02}", self.day)),
                Some('H') => out.push_str(&format!("{:02}", self.hour)),
                Some('I') => out.push_str(&format!("{:02}", (self.hour + 11) % 12 + 1)),
                Some('p') => out.push_str(if self.hour < 12 { "AM" } else { "PM" }),
                Some('M') => out.push_str(&format!("{:02}", self.minute)),
                Some('S') => out.push_str(&format!("{:02}", self.second)),
                Some('f') => out.push_str(&format!("{:06}", self.micros)),
                Some('j') => out.push_str(&format!("{:03}", self.yearday)),
                Some('B') => out.push_str(month),
                Some('b') => out.push_str(&month[..3]),
                Some('A') => out.push_str(day),
                Some('a') => out.push_str(&day[..3]),
                Some('Z') => out.push_str("UTC"),
                Some('z') => out.push_str("+0000"),
                Some('%') => out.push('%'),
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        out
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.micros
        )
    }
}

impl Object for DateTime {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(Value::from(match key.as_str()? {
            "year" => self.year,
            "month" => i64::from(self.month),
            "day" => i64::from(self.day),
            "hour" => i64::from(self.hour),
            "minute" => i64::from(self.minute),
            "second" => i64::from(self.second),
            "microsecond" => i64::from(self.micros),
            _ => return None,
        }))
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        match method {
            "strftime" => {
                let format = args.first().and_then(Value::as_str).ok_or_else(|| {
                    Error::new(ErrorKind::MissingArgument, "strftime needs a format")
                })?;
                Ok(Value::from(self.strftime(format)))
            }
            "isoformat" => Ok(Value::from(self.strftime("%Y-%m-%dT%H:%M:%S.%f"))),
            "date" => Ok(Value::from(self.strftime("%Y-%m-%d"))),
            "weekday" => Ok(Value::from(i64::from(self.weekday))),
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_ref(), f)
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A commit time as `git log` prints it by default (`Mon Dec 7 05:12:14 2026 +0000`).
fn git_date(seconds: i64, offset_minutes: i32) -> String {
    let local = DateTime::new(seconds + i64::from(offset_minutes) * 60, 0);
    format!(
        "{} {} {} {:02}:{:02}:{:02} {} {}",
        &local.strftime("%a"),
        &local.strftime("%b"),
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.year,
        offset(offset_minutes, "")
    )
}

/// A commit time as Python prints a `datetime` with its offset (`2026-12-07 05:12:14+00:00`).
fn python_date(seconds: i64, offset_minutes: i32) -> String {
    let local = DateTime::new(seconds + i64::from(offset_minutes) * 60, 0);
    format!(
        "{}{}",
        local.strftime("%Y-%m-%d %H:%M:%S"),
        offset(offset_minutes, ":")
    )
}

fn offset(minutes: i32, separator: &str) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let minutes = minutes.unsigned_abs();
    format!("{sign}{:02}{separator}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_python_and_git_print_them() {
        // 2026-12-07 05:12:14 UTC, a Monday.
        let t = DateTime::new(1_796_620_334, 0);
        assert_eq!(t.to_string(), "2026-12-07 05:12:14.000000");
        assert_eq!(
            t.strftime("%A %d %B %Y, day %j"),
            "Monday 07 December 2026, day 341"
        );
        assert_eq!(git_date(1_796_620_334, 60), "Mon Dec 7 06:12:14 2026 +0100");
        assert_eq!(python_date(1_796_620_334, -90), "2026-12-07 03:42:14-01:30");
    }

    #[test]
    fn fix_url_climbs_for_relative_urls_only() {
        assert_eq!(fix_url("img/x.png".into()), "../img/x.png");
        assert_eq!(fix_url("https://x.org/a".into()), "https://x.org/a");
        assert_eq!(fix_url("/abs".into()), "/abs");
    }
}
