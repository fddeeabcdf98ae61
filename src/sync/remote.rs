//! The shared place on a server, for teams too large or too spread out for one folder:
//! S3-compatible storage (AWS, Cloudflare R2, MinIO, Wasabi …) through presigned requests
//! (the signing code is the media host's, checked against AWS's worked example), and WebDAV
//! (Nextcloud, SharePoint-compatible servers, a NAS).
//!
//! Both keep the folder transport's promises: only names of the layout are listed (stray
//! objects are ignored), a segment is written once (the same bytes again are fine, different
//! bytes are refused), and a reader never sees half a file: an S3 PUT is atomic, and on WebDAV
//! a file is uploaded under a temporary name and moved into place.

use super::transport::{check_name, is_layout_name, read_capped, reused, Transport};
use crate::error::{Error, Result};
use crate::platforms::s3::{Bucket, BucketConfig, Verb};
use reqwest::blocking::Client;
use std::time::Duration;

fn unreachable(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Unreachable(format!("{what} is not reachable ({e}); check the network, and the address in the team settings. Changes stay on this device until it is back."))
}

fn refused(what: &str, status: u16) -> Error {
    let advice = match status {
        401 | 403 => "check the user name and password (or access key) kept for the team",
        404 | 409 => {
            "check the address and the bucket or folder name (its parent folder must exist)"
        }
        _ => "try again later",
    };
    Error::invalid(
        "team server",
        format!("{what} answered {status}; {advice}."),
    )
}

fn not_found(name: &str) -> Error {
    Error::NotFound {
        entity: "sync file",
        id: name.to_string(),
    }
}

/// Writes a segment once through `get` and `put_head`: the same bytes again are accepted,
/// other bytes refused. Each device writes only its own names, so nobody races for one.
fn put_once(t: &dyn Transport, name: &str, bytes: &[u8]) -> Result<()> {
    match t.get(name) {
        Ok(existing) if existing == bytes => return Ok(()),
        Ok(_) => return Err(reused(name)),
        Err(Error::NotFound { .. }) => {}
        Err(e) => return Err(e),
    }
    t.put_head(name, bytes)
}

/// A bucket (and a prefix inside it) on S3-compatible storage.
pub struct S3Transport {
    host: Bucket,
    prefix: String,
}

impl std::fmt::Debug for S3Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Transport")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

fn tag<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    xml.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&close).next())
        .collect()
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

impl S3Transport {
    /// The bucket in `cfg`, signing with `secret` at `now` (requests are valid for minutes, and
    /// a transport lives for one round); files live under `prefix` (may be empty).
    pub fn new(
        cfg: BucketConfig,
        secret: &str,
        prefix: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self> {
        let host = Bucket::new(cfg, secret, now)?;
        let prefix = prefix.trim_matches('/');
        Ok(Self {
            host,
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        })
    }

    fn client(&self) -> Result<Client> {
        Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| unreachable("the storage", e))
    }
}

impl Transport for S3Transport {
    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let client = self.client()?;
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut q = vec![
                ("list-type", "2".to_string()),
                ("prefix", format!("{}{prefix}", self.prefix)),
            ];
            if let Some(t) = &token {
                q.push(("continuation-token", t.clone()));
            }
            let url = self.host.presign_query(Verb::Get, "", 300, &q);
            let resp = client
                .get(url)
                .send()
                .map_err(|e| unreachable("the storage", e.without_url()))?;
            let status = resp.status().as_u16();
            if status != 200 {
                return Err(refused("the storage", status));
            }
            let body = resp
                .text()
                .map_err(|e| unreachable("the storage", e.without_url()))?;
            for key in tag(&body, "Key") {
                let key = xml_unescape(key);
                if let Some(name) = key.strip_prefix(&self.prefix) {
                    if is_layout_name(name) {
                        out.push(name.to_string());
                    }
                }
            }
            token = tag(&body, "NextContinuationToken")
                .first()
                .map(|t| xml_unescape(t));
            if token.is_none() || tag(&body, "IsTruncated").first() != Some(&"true") {
                break;
            }
        }
        out.sort();
        Ok(out)
    }

    fn get(&self, name: &str) -> Result<Vec<u8>> {
        check_name(name)?;
        let url = self
            .host
            .presign(Verb::Get, &format!("{}{name}", self.prefix), 300);
        let resp = self
            .client()?
            .get(url)
            .send()
            .map_err(|e| unreachable("the storage", e.without_url()))?;
        match resp.status().as_u16() {
            200 => read_capped(name, resp),
            404 => Err(not_found(name)),
            s => Err(refused("the storage", s)),
        }
    }

    fn put_immutable(&self, name: &str, bytes: &[u8]) -> Result<()> {
        put_once(self, name, bytes)
    }

    fn put_head(&self, name: &str, bytes: &[u8]) -> Result<()> {
        check_name(name)?;
        let url = self
            .host
            .presign(Verb::Put, &format!("{}{name}", self.prefix), 300);
        let resp = self
            .client()?
            .put(url)
            .body(bytes.to_vec())
            .send()
            .map_err(|e| unreachable("the storage", e.without_url()))?;
        match resp.status().as_u16() {
            200 | 201 | 204 => Ok(()),
            s => Err(refused("the storage", s)),
        }
    }

    fn remove(&self, name: &str) -> Result<()> {
        check_name(name)?;
        let url = self
            .host
            .presign(Verb::Delete, &format!("{}{name}", self.prefix), 300);
        let resp = self
            .client()?
            .delete(url)
            .send()
            .map_err(|e| unreachable("the storage", e.without_url()))?;
        match resp.status().as_u16() {
            200 | 202 | 204 | 404 => Ok(()),
            s => Err(refused("the storage", s)),
        }
    }
}

/// A folder on a WebDAV server.
#[derive(Debug)]
pub struct WebDavTransport {
    base: String,
    user: String,
    password: crate::secrets::Sensitive<String>,
    client: Client,
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `href` in a multistatus answer, whatever namespace prefix the server uses.
fn hrefs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("href>") {
        let after = &rest[i + 5..];
        let Some(end) = after.find("</") else { break };
        let tag_start = rest[..i].rfind('<').unwrap_or(0);
        if !rest[tag_start..i].starts_with("</") {
            out.push(xml_unescape(after[..end].trim()));
        }
        rest = &after[end..];
    }
    out
}

impl WebDavTransport {
    /// The folder at `url` (created if missing), signing in as `user`.
    pub fn new(url: &str, user: &str, password: &str) -> Result<Self> {
        let client = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| unreachable("the WebDAV server", e))?;
        let t = Self {
            base: format!("{}/", url.trim_end_matches('/')),
            user: user.to_string(),
            password: password.into(),
            client,
        };
        t.make_base(&t.base.clone(), 4)?;
        Ok(t)
    }

    /// Makes the team folder, and as many of its missing parents as needed (a few levels).
    fn make_base(&self, url: &str, depth: u32) -> Result<()> {
        let status = self.send(self.request("MKCOL", url)?)?.status().as_u16();
        match status {
            200 | 201 | 301 | 405 => Ok(()),
            409 if depth > 0 => {
                let parent = url
                    .trim_end_matches('/')
                    .rsplit_once('/')
                    .map(|(p, _)| format!("{p}/"));
                match parent {
                    Some(p) if p.len() > "http://x/".len() => {
                        self.make_base(&p, depth - 1)?;
                        self.make_base(url, 0)
                    }
                    _ => Err(refused("the WebDAV server", status)),
                }
            }
            s => Err(refused("the WebDAV server", s)),
        }
    }

    fn url(&self, name: &str) -> String {
        format!("{}{}", self.base, name)
    }

    fn request(&self, method: &str, url: &str) -> Result<reqwest::blocking::RequestBuilder> {
        let m = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| Error::invalid("WebDAV", e.to_string()))?;
        Ok(self
            .client
            .request(m, url)
            .basic_auth(&self.user, Some(self.password.expose())))
    }

    fn send(&self, req: reqwest::blocking::RequestBuilder) -> Result<reqwest::blocking::Response> {
        req.send()
            .map_err(|e| unreachable("the WebDAV server", e.without_url()))
    }

    /// Makes the collection `dir` (and its parents); one that exists is fine.
    fn mkcol(&self, dir: &str) -> Result<()> {
        let mut path = String::new();
        let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        let mut targets = vec![String::new()];
        for p in parts {
            path.push_str(p);
            path.push('/');
            targets.push(path.clone());
        }
        for t in targets {
            let status = self
                .send(self.request("MKCOL", &self.url(&t))?)?
                .status()
                .as_u16();
            if !matches!(status, 200 | 201 | 301 | 405) {
                return Err(refused("the WebDAV server", status));
            }
        }
        Ok(())
    }

    fn propfind(&self, dir: &str) -> Result<Vec<(String, bool)>> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>"#;
        let resp = self.send(
            self.request("PROPFIND", &self.url(dir))?
                .header("Depth", "1")
                .header("Content-Type", "application/xml")
                .body(body),
        )?;
        match resp.status().as_u16() {
            207 => {}
            404 => return Ok(Vec::new()),
            s => return Err(refused("the WebDAV server", s)),
        }
        let text = resp
            .text()
            .map_err(|e| unreachable("the WebDAV server", e.without_url()))?;
        let base_path = reqwest::Url::parse(&self.base)
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        let mut out = Vec::new();
        for href in hrefs(&text) {
            let path = reqwest::Url::parse(&href)
                .map(|u| u.path().to_string())
                .unwrap_or(href);
            let path = percent_decode(&path);
            let Some(rel) = path.strip_prefix(&base_path) else {
                continue;
            };
            if rel.trim_end_matches('/') == dir.trim_end_matches('/') {
                continue;
            }
            out.push((rel.trim_end_matches('/').to_string(), rel.ends_with('/')));
        }
        Ok(out)
    }
}

impl Transport for WebDavTransport {
    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let dir = match prefix.rfind('/') {
            Some(i) => &prefix[..=i],
            None => "",
        };
        let mut out = Vec::new();
        let mut stack = vec![dir.to_string()];
        while let Some(d) = stack.pop() {
            for (name, is_dir) in self.propfind(&d)? {
                if is_dir {
                    if name.split('/').count() < 3 {
                        stack.push(format!("{name}/"));
                    }
                } else if name.starts_with(prefix) && is_layout_name(&name) {
                    out.push(name);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    fn get(&self, name: &str) -> Result<Vec<u8>> {
        check_name(name)?;
        let resp = self.send(self.request("GET", &self.url(name))?)?;
        match resp.status().as_u16() {
            200 => read_capped(name, resp),
            404 => Err(not_found(name)),
            s => Err(refused("the WebDAV server", s)),
        }
    }

    fn put_immutable(&self, name: &str, bytes: &[u8]) -> Result<()> {
        put_once(self, name, bytes)
    }

    fn remove(&self, name: &str) -> Result<()> {
        check_name(name)?;
        let status = self
            .send(self.request("DELETE", &self.url(name))?)?
            .status()
            .as_u16();
        match status {
            200 | 202 | 204 | 404 => Ok(()),
            s => Err(refused("the WebDAV server", s)),
        }
    }

    fn put_head(&self, name: &str, bytes: &[u8]) -> Result<()> {
        check_name(name)?;
        let dir = name.rfind('/').map_or("", |i| &name[..=i]);
        self.mkcol(dir)?;
        // Uploaded under a temporary name, then moved into place: readers see all or nothing.
        let temp = format!("{dir}.tsunagu-{}.part", uuid::Uuid::new_v4().simple());
        let status = self
            .send(self.request("PUT", &self.url(&temp))?.body(bytes.to_vec()))?
            .status()
            .as_u16();
        if !matches!(status, 200 | 201 | 204) {
            return Err(refused("the WebDAV server", status));
        }
        let status = self
            .send(
                self.request("MOVE", &self.url(&temp))?
                    .header("Destination", self.url(name))
                    .header("Overwrite", "T"),
            )?
            .status()
            .as_u16();
        if !matches!(status, 200 | 201 | 204) {
            let _ = self.send(self.request("DELETE", &self.url(&temp))?);
            return Err(refused("the WebDAV server", status));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_read_whatever_the_prefix() {
        let xml = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/dav/team/log/</D:href></D:response><d:response><d:href>/dav/team/log/a%20b.seg</d:href></d:response><response><href>http://h/dav/x.json</href></response></D:multistatus>"#;
        assert_eq!(
            hrefs(xml),
            vec![
                "/dav/team/log/",
                "/dav/team/log/a%20b.seg",
                "http://h/dav/x.json"
            ]
        );
        assert_eq!(percent_decode("/a%20b/%E3%81%82"), "/a b/あ");
    }

    #[test]
    fn s3_listing_tags_are_read() {
        let xml = "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>t/log/a/1-1.seg</Key></Contents><Contents><Key>t/a&amp;b</Key></Contents><NextContinuationToken>abc</NextContinuationToken></ListBucketResult>";
        assert_eq!(tag(xml, "Key"), vec!["t/log/a/1-1.seg", "t/a&amp;b"]);
        assert_eq!(xml_unescape("t/a&amp;b"), "t/a&b");
        assert_eq!(tag(xml, "IsTruncated"), vec!["true"]);
    }
}
