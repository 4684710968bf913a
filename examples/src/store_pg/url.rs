//! `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` URLs: parsed strictly, so a typo is a clear
//! error at start rather than a connection to the wrong place. The password never appears
//! in errors or logs.

use std::fmt;

/// A parsed database URL.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    /// Role to connect as.
    pub user: String,
    /// Its password, if any.
    pub password: Option<String>,
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// TCP port (5432 when absent).
    pub port: u16,
    /// Database name.
    pub dbname: String,
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// The URL without its password.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let pw = if self.password.is_some() { ":***" } else { "" };
        write!(
            f,
            "postgres://{}{pw}@{host}:{}/{}",
            self.user, self.port, self.dbname
        )
    }
}

/// Parses `url`; the error says what is wrong and shows the expected form.
pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
    let bad = |what: &str| {
        format!("database URL: {what} (expected postgres://USER[:PASSWORD]@HOST:PORT/DB)")
    };
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
        .ok_or_else(|| bad("must start with postgres://"))?;
    let (authority, dbname) = rest
        .split_once('/')
        .ok_or_else(|| bad("no database name after the host"))?;
    if dbname.is_empty() || dbname.contains(['/', '?', '#']) {
        return Err(bad("database name is empty or has '/', '?' or '#'"));
    }
    let (userinfo, hostport) = authority
        .rsplit_once('@')
        .ok_or_else(|| bad("no USER@ before the host"))?;
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (
            u,
            Some(decode(p).ok_or_else(|| bad("bad %-escape in the password"))?),
        ),
        None => (userinfo, None),
    };
    let user = decode(user).ok_or_else(|| bad("bad %-escape in the user"))?;
    if user.is_empty() {
        return Err(bad("empty user"));
    }
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| bad("unclosed '[' in the host"))?;
        (h, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err(bad("empty host"));
    }
    let port = match port {
        None => 5432,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| bad(&format!("port {p:?} is not a number from 1 to 65535")))?,
    };
    Ok(DatabaseUrl {
        user,
        password,
        host: host.to_owned(),
        port,
        dbname: decode(dbname).ok_or_else(|| bad("bad %-escape in the database name"))?,
    })
}

/// `%XX` escapes decoded; `None` if one is malformed or the result is not UTF-8.
fn decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

impl DatabaseUrl {
    /// The driver configuration for this URL.
    pub fn driver_config(&self) -> tokio_postgres::Config {
        let mut c = tokio_postgres::Config::new();
        c.user(&self.user)
            .host(&self.host)
            .port(self.port)
            .dbname(&self.dbname)
            .application_name("taxii")
            .connect_timeout(std::time::Duration::from_secs(10));
        if let Some(p) = &self.password {
            c.password(p);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_urls_parse_and_hide_the_password() {
        let u = parse("postgres://taxii:s%40cret@db.example:6543/intel").unwrap();
        assert_eq!(u.user, "taxii");
        assert_eq!(u.password.as_deref(), Some("s@cret"));
        assert_eq!(
            (u.host.as_str(), u.port, u.dbname.as_str()),
            ("db.example", 6543, "intel")
        );
        assert_eq!(u.to_string(), "postgres://taxii:***@db.example:6543/intel");
        assert!(!format!("{u:?}").contains("cret"));
        let v6 = parse("postgresql://u@[::1]/d").unwrap();
        assert_eq!((v6.host.as_str(), v6.port), ("::1", 5432));
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        for (url, what) in [
            ("mysql://u@h/d", "must start with postgres://"),
            ("postgres://u@h", "no database name"),
            ("postgres://h:5432/d", "no USER@"),
            ("postgres://u@h:99999/d", "port \"99999\""),
            ("postgres://u@h:x/d", "port \"x\""),
            ("postgres://@h/d", "empty user"),
            ("postgres://u@/d", "empty host"),
            ("postgres://u:%zz@h/d", "bad %-escape in the password"),
            ("postgres://u@h/", "database name is empty"),
            ("postgres://u@h/d?x=1", "database name is empty or has"),
        ] {
            let e = parse(url).unwrap_err();
            assert!(e.contains(what), "{url}: {e}");
            assert!(e.contains("expected postgres://USER"), "{e}");
        }
    }
}
