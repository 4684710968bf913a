//! `taxii poll --dest-dir` and `fulfill --dest-dir` read answers in bounded memory
//! (issue 8): the body is spooled next to the content and read block by block with
//! `MessageStream`; blocks are saved as they arrive (PRs11-12), and multi-part results
//! are still followed to the end (EX-4, PRs11-3..5). TAXII 1.0 polls (no multi-part) take
//! the same path (PRs10-8).

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;
use std::thread::JoinHandle;

use taxii::client::{save_blocks, DestDir, SaveError};
use taxii_messages::stream::MessageStream;

use crate::serve_support::{config, start};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/samples/stix_package_1.1.1.xml"
);

const NS: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";

fn taxii(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn block(content: &str) -> String {
    format!(
        "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"urn:stix.mitre.org:xml:1.1.1\"/>\
         <taxii_11:Content>{content}</taxii_11:Content></taxii_11:Content_Block>\n"
    )
}

fn poll_response_head(in_response_to: &str) -> String {
    format!(
        "<taxii_11:Poll_Response xmlns:taxii_11=\"{NS}\" message_id=\"srv-1\" \
         in_response_to=\"{in_response_to}\" collection_name=\"default\" more=\"false\" \
         result_part_number=\"1\">\n"
    )
}

/// A 200 TAXII 1.1 answer carrying `body`.
fn taxii_200(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.1\r\n\
         X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Serves one TAXII 1.1 answer whose body `body(request message id)` makes, then stops.
pub(crate) fn serve_once(
    body: impl FnOnce(&str) -> String + Send + 'static,
) -> (String, JoinHandle<()>) {
    serve_raw(move |id| taxii_200(&body(id)))
}

/// Serves one HTTP answer that `respond(request message id)` makes whole, then stops.
fn serve_raw(respond: impl FnOnce(&str) -> String + Send + 'static) -> (String, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/services/poll", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut request = vec![0; length];
        reader.read_exact(&mut request).unwrap();
        let request = String::from_utf8(request).unwrap();
        let id = request
            .split_once("message_id=\"")
            .and_then(|(_, r)| r.split_once('"'))
            .map(|(id, _)| id.to_owned())
            .unwrap();
        let mut out = stream;
        out.write_all(respond(&id).as_bytes()).unwrap();
        out.flush().unwrap();
    });
    (url, handle)
}

/// EX-4, PRs11-3..5: a multi-part poll of many blocks to --dest-dir gives one file per block,
/// byte for byte the pushed content, as the whole-message client did; no spool is left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_blocks_over_many_parts_give_the_same_files() {
    let (cfg, dir) = config();
    let work = dir.path().to_owned();
    let s = start(cfg, Some(dir)).await;
    let mut args = vec!["push".to_owned(), s.url("/services/inbox")];
    args.extend(std::iter::repeat_n(SAMPLE.to_owned(), 9));
    args.extend(["-c".to_owned(), "default".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = taxii(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dest = work.join("out");
    let poll = s.url("/services/poll");
    let o = taxii(&[
        "poll",
        &poll,
        "-c",
        "default",
        "--dest-dir",
        dest.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // two blocks per part (the test configuration): five parts
    assert!(stdout.contains("part 5, 1 block(s) saved"), "{stdout}");
    assert!(stdout.contains("9 block(s) written to"), "{stdout}");
    let expected = std::fs::read(SAMPLE).unwrap();
    let files = files_in(&dest);
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let want: Vec<_> = (1..=9).map(|n| format!("{n:06}.xml")).collect();
    assert_eq!(names, want);
    for f in &files {
        assert_eq!(std::fs::read(f).unwrap(), expected, "{}", f.display());
    }
    s.stop().await;
}

/// HR-3, PRs11-12: a body that breaks off mid-stream: the blocks before the error are saved whole, the
/// error names the block and position, no file is made for the bad block and no spool
/// is left behind.
#[test]
fn a_malformed_block_mid_stream_stops_with_a_precise_error() {
    let (url, server) = serve_once(|id| {
        let mut body = poll_response_head(id);
        for n in 1..=3 {
            body.push_str(&block(&format!("<x>{n}</x>")));
        }
        body.push_str(&block("<x>4</y>"));
        body.push_str(&block("<x>5</x>"));
        body.push_str("</taxii_11:Poll_Response>\n");
        body
    });
    let dest = tempfile::tempdir().unwrap();
    let o = taxii(&[
        "poll",
        &url,
        "-c",
        "default",
        "--dest-dir",
        dest.path().to_str().unwrap(),
    ]);
    server.join().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{stderr}");
    assert!(stderr.contains("after 3 saved block(s)"), "{stderr}");
    assert!(stderr.contains("Content_Block[4]"), "{stderr}");
    let files = files_in(dest.path());
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["000001.xml", "000002.xml", "000003.xml"]);
    for (n, f) in files.iter().enumerate() {
        assert_eq!(
            std::fs::read_to_string(f).unwrap(),
            format!("<x>{}</x>\n", n + 1)
        );
    }
}

/// PF11-3: `fulfill --dest-dir` streams a part too; a 200 Status Message in place of a
/// Poll_Response is still read whole and reported.
#[test]
fn fulfill_streams_a_part_and_reads_a_status_whole() {
    let (url, server) = serve_once(|id| {
        let mut body = poll_response_head(id);
        body.push_str(&block("<a>one</a>"));
        body.push_str(&block("<b>two</b>"));
        body.push_str("</taxii_11:Poll_Response>");
        body
    });
    let dest = tempfile::tempdir().unwrap();
    let d = dest.path().to_str().unwrap();
    let o = taxii(&[
        "fulfill",
        &url,
        "-c",
        "default",
        "--result-id",
        "r1",
        "--part",
        "1",
        "--dest-dir",
        d,
    ]);
    server.join().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = files_in(dest.path());
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(std::fs::read_to_string(&files[1]).unwrap(), "<b>two</b>\n");

    let (url, server) = serve_once(|id| {
        format!(
            "<taxii_11:Status_Message xmlns:taxii_11=\"{NS}\" message_id=\"s\" \
             in_response_to=\"{id}\" status_type=\"NOT_FOUND\"/>"
        )
    });
    let empty = tempfile::tempdir().unwrap();
    let d = empty.path().to_str().unwrap();
    let o = taxii(&[
        "fulfill",
        &url,
        "-c",
        "default",
        "--result-id",
        "r1",
        "--part",
        "1",
        "--dest-dir",
        d,
    ]);
    server.join().unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("NOT_FOUND"));
    assert!(files_in(empty.path()).is_empty());
}

/// A Poll_Response made on the fly, never whole in memory, counting the bytes handed out.
struct Generated {
    head: Vec<u8>,
    block: Vec<u8>,
    tail: Vec<u8>,
    blocks: usize,
    /// Position in the whole document.
    pos: usize,
    served: Rc<Cell<usize>>,
}

impl Generated {
    fn len(&self) -> usize {
        self.head.len() + self.block.len() * self.blocks + self.tail.len()
    }

    fn byte_source(&self) -> (&[u8], usize) {
        let body = self.block.len() * self.blocks;
        if self.pos < self.head.len() {
            (&self.head, self.pos)
        } else if self.pos < self.head.len() + body {
            (&self.block, (self.pos - self.head.len()) % self.block.len())
        } else {
            (&self.tail, self.pos - self.head.len() - body)
        }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.len() {
            return Ok(0);
        }
        let (src, at) = self.byte_source();
        let n = buf.len().min(src.len() - at);
        buf[..n].copy_from_slice(&src[at..at + n]);
        self.pos += n;
        self.served.set(self.pos);
        Ok(n)
    }
}

/// The memory bound, without timing: while saving a ~8 MB answer, the reader is never
/// more than a small window ahead of the blocks already on disk, so the client never
/// holds the body whole.
#[test]
fn saving_reads_no_further_than_one_window_past_the_saved_blocks() {
    let served = Rc::new(Cell::new(0));
    let payload = format!("<x>{}</x>", "y".repeat(8 * 1024));
    let source = Generated {
        head: poll_response_head("1").into_bytes(),
        block: block(&payload).into_bytes(),
        tail: b"</taxii_11:Poll_Response>\n".to_vec(),
        blocks: 1000,
        pos: 0,
        served: served.clone(),
    };
    let (head, one, total) = (source.head.len(), source.block.len(), source.len());
    assert!(total > 8_000_000);
    const WINDOW: usize = 64 * 1024;
    let mut stream = MessageStream::new(BufReader::with_capacity(8 * 1024, source)).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let mut d = DestDir::new(dest.path()).unwrap();
    let mut saved = 0usize;
    let n = save_blocks(
        &mut stream,
        &mut d,
        |c| c.as_str().to_owned(),
        |_| {
            saved += 1;
            let ahead = served.get() - (head + saved * one);
            assert!(
                ahead <= WINDOW,
                "after {saved} blocks the reader is {ahead} bytes ahead of what is saved"
            );
        },
    )
    .unwrap();
    assert_eq!(n, 1000);
    assert_eq!(served.get(), total);
    let files = files_in(dest.path());
    assert_eq!(files.len(), 1000);
    assert_eq!(std::fs::read_to_string(&files[999]).unwrap(), payload);
}

/// A write failure is reported as such, not as a malformed answer.
#[test]
fn save_errors_tell_writing_from_reading() {
    let xml = format!(
        "{}{}</taxii_11:Poll_Response>",
        poll_response_head("1"),
        block("<x/>")
    );
    let mut stream = MessageStream::new(xml.as_bytes()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let mut d = DestDir::new(&dest.path().join("gone")).unwrap();
    std::fs::remove_dir(dest.path().join("gone")).unwrap();
    let e = save_blocks(&mut stream, &mut d, |c| c.as_str().to_owned(), |_| {}).unwrap_err();
    assert!(matches!(e, SaveError::Write(_)), "{e}");
}

/// HR-5 / Table 2: a non-TAXII error page and a truncated TAXII body are still the Status
/// Messages the binding makes of them; nothing is written.
#[test]
fn non_taxii_and_short_answers_become_status_messages() {
    let (url, server) = serve_raw(|_| {
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n\
         Content-Length: 13\r\nConnection: close\r\n\r\n<h1>down</h1>"
            .to_owned()
    });
    let dest = tempfile::tempdir().unwrap();
    let d = dest.path().to_str().unwrap();
    let o = taxii(&["poll", &url, "-c", "default", "--dest-dir", d]);
    server.join().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("503"), "{stdout}");
    assert!(files_in(dest.path()).is_empty());

    let (url, server) = serve_raw(|id| {
        let full = taxii_200(&format!("{}{}", poll_response_head(id), block("<x/>")));
        // Content-Length promises more than is sent.
        full.replacen("Content-Length: ", "Content-Length: 9", 1)
    });
    let o = taxii(&["poll", &url, "-c", "default", "--dest-dir", d]);
    server.join().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{stdout}");
    assert!(
        stdout.contains("Content-Length") || stderr.contains("reading the answer"),
        "{stdout}\n{stderr}"
    );
    assert!(files_in(dest.path()).is_empty());
}

const NS10: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1";

/// A 200 TAXII 1.0 answer carrying `body`.
fn taxii10_200(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.0\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.0\r\n\
         X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn block10(content: &str) -> String {
    format!(
        "<taxii:Content_Block><taxii:Content_Binding>urn:stix.mitre.org:xml:1.1.1</taxii:Content_Binding>\
         <taxii:Content>{content}</taxii:Content></taxii:Content_Block>\n"
    )
}

/// Issue 8, PRs10-8: a TAXII 1.0 poll of several blocks to --dest-dir is
/// streamed too and gives one file per block, byte for byte the pushed content, under
/// the same names; no spool is left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taxii10_poll_of_many_blocks_gives_the_same_files() {
    let (cfg, dir) = config();
    let work = dir.path().to_owned();
    let s = start(cfg, Some(dir)).await;
    let mut args = vec!["push".to_owned(), s.url("/services/inbox")];
    args.extend(std::iter::repeat_n(SAMPLE.to_owned(), 5));
    args.extend(["-c".to_owned(), "default".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = taxii(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dest = work.join("out10");
    let poll = s.url("/services/poll");
    let o = taxii(&[
        "poll",
        &poll,
        "-c",
        "default",
        "--taxii",
        "1.0",
        "--dest-dir",
        dest.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // the streamed path's summary, not the whole-message listing
    assert!(
        stdout.contains("feed default: 5 block(s) saved"),
        "{stdout}"
    );
    assert!(stdout.contains("5 block(s) written to"), "{stdout}");
    let expected = std::fs::read(SAMPLE).unwrap();
    let files = files_in(&dest);
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let want: Vec<_> = (1..=5).map(|n| format!("{n:06}.xml")).collect();
    assert_eq!(names, want);
    for f in &files {
        assert_eq!(std::fs::read(f).unwrap(), expected, "{}", f.display());
    }
    s.stop().await;
}

/// Issue 8, HR-3, PRs10-8: a TAXII 1.0 body that breaks off mid-stream keeps the blocks before the
/// error, each whole, and fails naming the block; no file for the bad block, no spool.
#[test]
fn a_malformed_taxii10_block_mid_stream_keeps_only_complete_blocks() {
    let (url, server) = serve_raw(|id| {
        let mut body = format!(
            "<taxii:Poll_Response xmlns:taxii=\"{NS10}\" message_id=\"2\" \
             in_response_to=\"{id}\" feed_name=\"default\">\n\
             <taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00Z</taxii:Inclusive_End_Timestamp>\n"
        );
        for n in 1..=2 {
            body.push_str(&block10(&format!("<x>{n}</x>")));
        }
        body.push_str(&block10("<x>3</y>"));
        body.push_str(&block10("<x>4</x>"));
        body.push_str("</taxii:Poll_Response>\n");
        taxii10_200(&body)
    });
    let dest = tempfile::tempdir().unwrap();
    let o = taxii(&[
        "poll",
        &url,
        "-c",
        "default",
        "--taxii",
        "1.0",
        "--dest-dir",
        dest.path().to_str().unwrap(),
    ]);
    server.join().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{stderr}");
    assert!(stderr.contains("after 2 saved block(s)"), "{stderr}");
    assert!(stderr.contains("Content_Block[3]"), "{stderr}");
    let files = files_in(dest.path());
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["000001.xml", "000002.xml"]);
    for (n, f) in files.iter().enumerate() {
        assert_eq!(
            std::fs::read_to_string(f).unwrap(),
            format!("<x>{}</x>\n", n + 1)
        );
    }
}
