//! The load benchmark's ceiling: the least an HTTP/1.1 server on this machine can do per
//! TAXII exchange. `ceiling ADDR BODY_FILE` answers every request on ADDR with the bytes
//! of BODY_FILE (a Discovery_Response) and the TAXII 1.1 headers, after reading the
//! request body; same runtime, HTTP library and connection options as `taxii serve`.

use std::convert::Infallible;
use std::process::ExitCode;
use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, body] = args.as_slice() else {
        eprintln!("usage: ceiling ADDR BODY_FILE");
        return ExitCode::from(2);
    };
    let body = match std::fs::read(body) {
        Ok(b) => Bytes::from(b),
        Err(e) => {
            eprintln!("ceiling: cannot read {body}: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    match runtime.block_on(serve(addr, body)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ceiling: {e}");
            ExitCode::from(1)
        }
    }
}

async fn serve(addr: &str, body: Bytes) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: Request<Incoming>| {
                let body = body.clone();
                async move {
                    let _ = req.into_body().collect().await;
                    Ok::<_, Infallible>(answer(body))
                }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(64 * 1024)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn answer(body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/xml"));
    for (name, value) in [
        (
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.1",
        ),
        ("x-taxii-services", "urn:taxii.mitre.org:services:1.1"),
        ("x-taxii-protocol", "urn:taxii.mitre.org:protocol:http:1.0"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    r
}
