//! A small HTTP/1.1 server on 127.0.0.1 for tests that talk to a service no test can run here
//! (GitLab's API) or that download a file: it records every request and answers with what the
//! test's handler returns. One request per connection (`Connection: close`), bodies by
//! `Content-Length` only; anything else is answered 400 and recorded, so a client that strays
//! from that shows up in the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// Header names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A status and a body (sent as `application/json` when it parses as JSON).
pub type Response = (u16, Vec<u8>);

/// The running server; stops accepting when dropped.
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    _listener: Arc<TcpListener>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = Arc::new(TcpListener::bind("127.0.0.1:0").unwrap());
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (accepting, recorded) = (Arc::clone(&listener), Arc::clone(&requests));
        let handler = Arc::new(handler);
        thread::spawn(move || {
            for stream in accepting.incoming() {
                let Ok(stream) = stream else { break };
                let (recorded, handler) = (Arc::clone(&recorded), Arc::clone(&handler));
                thread::spawn(move || serve(stream, &recorded, &*handler));
            }
        });
        Server {
            url,
            requests,
            _listener: listener,
        }
    }

    /// Every request so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(
    stream: TcpStream,
    recorded: &Mutex<Vec<Request>>,
    handler: &(dyn Fn(&Request) -> Response + Send + Sync),
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or_default().to_string();
    let target = words.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let mut request = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        let _ = (&stream).write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let mut body = vec![0; length];
    let (status, body_out) = if chunked || reader.read_exact(&mut body).is_err() {
        (
            400,
            b"{\"message\":\"400 Bad request: send a Content-Length\"}".to_vec(),
        )
    } else {
        request.body = body;
        handler(&request)
    };
    recorded.lock().unwrap().push(request);
    let kind = if serde_json::from_slice::<serde_json::Value>(&body_out).is_ok() {
        "application/json"
    } else {
        "application/octet-stream"
    };
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if status < 400 { "OK" } else { "Error" },
        body_out.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body_out);
}
