//! A small HTTP/1.1 load client on hyper: a fixed number of keep-alive connections to one
//! server on 127.0.0.1, each sending its next request as soon as the previous answer is
//! read, until the round's request count is reached or its deadline passes. Every request
//! of a client carries the same bearer token.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

/// One request to send, and the status that counts as success.
#[derive(Debug, Clone)]
pub struct Call {
    /// Method.
    pub method: Method,
    /// Path and query.
    pub uri: String,
    /// JSON body.
    pub body: Option<Bytes>,
    /// The expected status.
    pub expect: StatusCode,
}

impl Call {
    /// `GET uri`, expecting 200.
    pub fn get(uri: String) -> Call {
        Call {
            method: Method::GET,
            uri,
            body: None,
            expect: StatusCode::OK,
        }
    }

    /// `POST uri` without a body, expecting 200.
    pub fn post(uri: String) -> Call {
        Call {
            method: Method::POST,
            uri,
            body: None,
            expect: StatusCode::OK,
        }
    }

    /// A request with a JSON body.
    pub fn with_body(method: Method, uri: String, body: String, expect: StatusCode) -> Call {
        Call {
            method,
            uri,
            body: Some(Bytes::from(body)),
            expect,
        }
    }
}

/// What to send as the `i`th request of a round.
pub type Calls = Arc<dyn Fn(usize) -> Call + Send + Sync>;

/// An answer read in full.
#[derive(Debug)]
pub struct Answer {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: axum::http::HeaderMap,
    /// Body.
    pub body: Bytes,
}

/// One keep-alive connection.
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
    addr: SocketAddr,
    authorization: Option<HeaderValue>,
}

impl Connection {
    /// Opens a connection to `addr` whose requests carry `Authorization: Bearer <token>`
    /// when `token` is given.
    pub async fn open(addr: SocketAddr, token: Option<&str>) -> Result<Connection, String> {
        let authorization = token
            .map(|t| HeaderValue::from_str(&format!("Bearer {t}")))
            .transpose()
            .map_err(|e| format!("token: {e}"))?;
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake {addr}: {e}"))?;
        tokio::spawn(connection);
        Ok(Connection {
            sender,
            addr,
            authorization,
        })
    }

    /// Sends `call` and reads the whole answer.
    pub async fn send(&mut self, call: &Call) -> Result<Answer, String> {
        let mut request = Request::builder()
            .method(call.method.clone())
            .uri(call.uri.as_str())
            .header(header::HOST, self.addr.to_string());
        if let Some(authorization) = &self.authorization {
            request = request.header(header::AUTHORIZATION, authorization.clone());
        }
        if call.body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Full::new(call.body.clone().unwrap_or_default()))
            .map_err(|e| e.to_string())?;
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }
}

/// The connections of one side.
pub struct Client {
    connections: Vec<Connection>,
}

impl Client {
    /// `n` connections to `addr`, sending `token` as the bearer token when given.
    pub async fn connect(
        addr: SocketAddr,
        n: usize,
        token: Option<&str>,
    ) -> Result<Client, String> {
        let mut connections = Vec::with_capacity(n);
        for _ in 0..n {
            connections.push(Connection::open(addr, token).await?);
        }
        Ok(Client { connections })
    }

    /// Sends one request on the first connection.
    pub async fn send(&mut self, call: &Call) -> Result<Answer, String> {
        self.connections[0].send(call).await
    }

    /// Sends `requests` requests from `calls` (numbered from `first`) over every connection
    /// at once, stopping early at `deadline`. Fails on the first answer whose status is not
    /// the expected one.
    pub async fn round_from(
        &mut self,
        first: usize,
        requests: usize,
        calls: &Calls,
        deadline: Duration,
    ) -> Result<Round, String> {
        let next = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for mut connection in self.connections.drain(..) {
            let (next, calls) = (next.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failure = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests || start.elapsed() > deadline {
                        break;
                    }
                    let call = calls(first + i);
                    let sent = Instant::now();
                    match connection.send(&call).await {
                        Ok(answer) if answer.status == call.expect => {
                            latencies.push(sent.elapsed());
                        }
                        Ok(answer) => {
                            failure = Some(format!(
                                "{} {}: expected {}, got {}: {}",
                                call.method,
                                call.uri,
                                call.expect,
                                answer.status,
                                String::from_utf8_lossy(&answer.body)
                            ));
                            break;
                        }
                        Err(e) => {
                            failure = Some(format!("{} {}: {e}", call.method, call.uri));
                            break;
                        }
                    }
                }
                (connection, latencies, failure)
            }));
        }
        let mut round = Round::default();
        let mut failure = None;
        for task in tasks {
            let (connection, latencies, failed) = task.await.map_err(|e| e.to_string())?;
            self.connections.push(connection);
            round.latencies.extend(latencies);
            failure = failure.or(failed);
        }
        round.elapsed = start.elapsed();
        match failure {
            Some(f) => Err(f),
            None => Ok(round),
        }
    }
}

/// The outcome of one round on one side.
#[derive(Debug, Default, Clone)]
pub struct Round {
    /// Latency of each answered request.
    pub latencies: Vec<Duration>,
    /// Wall time of the round.
    pub elapsed: Duration,
    /// CPU time the server spent in the round, ns.
    pub server_cpu_ns: u64,
}

/// Throughput and latency of one side over all its rounds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Requests answered.
    pub requests: usize,
    /// Requests per second of wall time.
    pub rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// CPU time of the server process per request, µs: unlike throughput, barely moved
    /// by other work on the machine.
    pub cpu_us: f64,
}

impl Stats {
    /// Sums rounds.
    pub fn of(rounds: &[Round]) -> Stats {
        let mut all: Vec<Duration> = rounds
            .iter()
            .flat_map(|r| r.latencies.iter().copied())
            .collect();
        all.sort_unstable();
        let seconds: f64 = rounds.iter().map(|r| r.elapsed.as_secs_f64()).sum();
        let at = |q: f64| {
            all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1e3)
        };
        Stats {
            requests: all.len(),
            rps: if seconds > 0.0 {
                all.len() as f64 / seconds
            } else {
                0.0
            },
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            cpu_us: if all.is_empty() {
                0.0
            } else {
                rounds.iter().map(|r| r.server_cpu_ns).sum::<u64>() as f64 / 1e3 / all.len() as f64
            },
        }
    }
}
