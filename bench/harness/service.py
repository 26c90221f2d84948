"""Start, query and stop the published service for the benchmark (loopback only)."""
import http.client
import json
import os
import shutil
import socket
import subprocess
import time


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    """VmRSS of the process in KiB, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Service:
    """The published service on 127.0.0.1:<free port>, with its own home, the corpus parent as root. `name` labels
    the instance in the results (the bench runs an index-on and an index-off instance side by side)."""

    def __init__(self, binary, home, root, token, extra_env=None, name="service"):
        self.binary, self.home, self.root, self.token, self.name = binary, home, root, token, name
        self.port = free_port()
        self.extra_env = extra_env or {}
        self.proc = None
        self.log_path = os.path.join(home, "service.log")

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("ORCH_")}
        env.update({
            "ORCH_HOME": self.home, "ORCH_REPO_ROOT": self.root, "ORCH_HOST": "127.0.0.1",
            "ORCH_PORT": str(self.port), "ORCH_TOKEN": self.token, "ORCH_HEADLESS": "true",
            "ORCH_RATE_LIMIT_PER_MIN": "10000000", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "ASPNETCORE_ENVIRONMENT": "Production", "Logging__LogLevel__Default": "Warning",
        })
        env.update(self.extra_env)
        return env

    def start(self, timeout=60, fresh_home=True):
        """Starts the service; fresh_home=False keeps ORCH_HOME (a restart: the index is loaded, not rebuilt)."""
        if fresh_home:
            shutil.rmtree(self.home, ignore_errors=True)
        os.makedirs(self.home, exist_ok=True)
        log = open(self.log_path, "ab")  # pylint: disable=consider-using-with
        self.proc = subprocess.Popen([self.binary, "serve"], cwd=self.home, env=self.env(),
                                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"service exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if self.request("GET", "/health", auth=False)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"service did not answer /health within {timeout}s; see {self.log_path}")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    @property
    def pid(self):
        return self.proc.pid

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def get_json(self, path, conn=None):
        """(status, parsed JSON or None) of a GET."""
        status, _, body = self.request("GET", path, conn=conn)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None

    def index_status(self):
        """The index fields of /ui/status (`index_state`, `index_files`, ...) as one dict with the keys `state`, `files`,
        `disk_bytes`, `build_ms` and `reason`, or None when the service reports none."""
        status, doc = self.get_json("/ui/status")
        if status != 200 or doc is None:
            raise RuntimeError(f"/ui/status answered {status} on the {self.name} instance")
        if doc.get("index_state") is None:
            return None
        return {key: doc.get("index_" + key) for key in ("state", "files", "disk_bytes", "build_ms", "reason")}

    def request(self, method, path, auth=True, conn=None):
        """(status, headers dict lower-cased, body bytes). Uses conn (keep-alive) when given."""
        own = conn is None
        conn = conn or self.connection()
        try:
            headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
            conn.request(method, path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
        finally:
            if own:
                conn.close()
