/**
 * The source of the long-lived Python runner behind `validate --run` (see snippet-runner.ts).
 *
 * Starting python3 for each snippet costs more than most snippets take to run, and a snippet
 * that imports numpy or scipy pays that import again every time. The runner starts once,
 * imports the heavy modules the snippets name, and runs each snippet in a forked child:
 * a fresh `__main__`, its own process group, stdin from /dev/null and stdout/stderr on pipes
 * the runner reads. The runner keeps the same guarantees as one process per snippet: output
 * past the cap stops the snippet, at the time limit or when the snippet ends its whole
 * process group is killed, so nothing it started can hold the check up.
 *
 * Protocol, one JSON object a line: the first line on stdin is
 * `{"timeout": ms, "cap": bytes, "jobs": n, "preload": [module, ...]}`; the runner answers
 * `{"ready": true}`; then each line in is `{"id": n, "code": base64}` and each line out is
 * `{"id": n, "stdout": base64, "stderr": base64, "code": int|null, "timedOut": bool, "flooded": bool}`.
 * End of stdin ends the runner once the jobs in hand are done.
 */
export const RUNNER_SOURCE = String.raw`
import base64, errno, json, os, select, signal, sys, time

def main():
    # The protocol is read with os.read only: a buffered reader would keep lines from the
    # select loop, and a forked snippet would find them in its sys.stdin.
    stdin_fd = sys.stdin.fileno()
    inbuf = b""
    while b"\n" not in inbuf:
        chunk = os.read(stdin_fd, 65536)
        if not chunk:
            return
        inbuf += chunk
    line, inbuf = inbuf.split(b"\n", 1)
    head = json.loads(line)
    timeout = head["timeout"] / 1000.0
    cap = head["cap"]
    width = max(1, head["jobs"])
    for name in head["preload"]:
        try:
            __import__(name)
        except Exception:
            pass
    proto_out = sys.stdout.buffer
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    proto_out.write(b'{"ready": true}\n')
    proto_out.flush()

    pending = []
    running = {}
    stdin_open = True
    os.set_blocking(stdin_fd, False)

    def all_fds():
        fds = [wake_r, wake_w, stdin_fd]
        for job in running.values():
            fds += [job["out"], job["err"]]
        return fds

    def start(job_id, code):
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                os.setpgid(0, 0)
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                for fd in set(all_fds() + [null, out_r, out_w, err_r, err_w]):
                    if fd > 2:
                        try:
                            os.close(fd)
                        except OSError:
                            pass
            except BaseException:
                os._exit(70)
            os._exit(run_snippet(code))
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        os.close(out_w)
        os.close(err_w)
        os.set_blocking(out_r, False)
        os.set_blocking(err_r, False)
        proto_out.write(json.dumps({"id": job_id, "pid": pid}).encode("ascii") + b"\n")
        proto_out.flush()
        running[pid] = {"id": job_id, "out": out_r, "err": err_r, "stdout": [], "outBytes": 0,
                        "stderr": [], "errBytes": 0, "deadline": time.monotonic() + timeout,
                        "timedOut": False, "flooded": False, "status": None, "outEof": False, "errEof": False}

    def kill_group(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass

    def drain(pid, job, which):
        fd = job[which]
        while not job[which + "Eof"]:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                job[which + "Eof"] = True
                return
            if which == "out":
                if job["flooded"]:
                    continue
                job["outBytes"] += len(chunk)
                if job["outBytes"] > cap:
                    job["flooded"] = True
                    kill_group(pid)
                else:
                    job["stdout"].append(chunk)
            else:
                job["stderr"].append(chunk)
                job["errBytes"] += len(chunk)
                while job["errBytes"] > 65536 and len(job["stderr"]) > 1:
                    job["errBytes"] -= len(job["stderr"].pop(0))

    def finish(pid, job):
        # The snippet has ended (or was killed) and its group with it: what it wrote is in the
        # pipes, and no descendant holding a pipe keeps the check waiting for an end of file.
        drain(pid, job, "out")
        drain(pid, job, "err")
        os.close(job["out"])
        os.close(job["err"])
        status = job["status"]
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        reply = {"id": job["id"], "stdout": base64.b64encode(b"".join(job["stdout"])).decode("ascii"),
                 "stderr": base64.b64encode(b"".join(job["stderr"])).decode("ascii"),
                 "code": code, "timedOut": job["timedOut"], "flooded": job["flooded"]}
        proto_out.write(json.dumps(reply).encode("ascii") + b"\n")
        proto_out.flush()
        del running[pid]

    while stdin_open or pending or running:
        while pending and len(running) < width:
            start(*pending.pop(0))
        now = time.monotonic()
        wait = None
        for job in running.values():
            left = max(0.0, job["deadline"] - now)
            wait = left if wait is None else min(wait, left)
        fds = [wake_r]
        if stdin_open:
            fds.append(stdin_fd)
        for job in running.values():
            if not job["outEof"]:
                fds.append(job["out"])
            if not job["errEof"]:
                fds.append(job["err"])
        try:
            ready, _, _ = select.select(fds, [], [], wait)
        except InterruptedError:
            ready = []
        if wake_r in ready:
            try:
                while os.read(wake_r, 512):
                    pass
            except BlockingIOError:
                pass
        if stdin_open and stdin_fd in ready:
            try:
                chunk = os.read(stdin_fd, 65536)
            except BlockingIOError:
                chunk = None
            if chunk == b"":
                stdin_open = False
            elif chunk:
                inbuf += chunk
                *lines, inbuf = inbuf.split(b"\n")
                for line in lines:
                    if line.strip():
                        msg = json.loads(line)
                        pending.append((msg["id"], base64.b64decode(msg["code"])))
        for pid, job in list(running.items()):
            if job["out"] in ready:
                drain(pid, job, "out")
            if job["err"] in ready:
                drain(pid, job, "err")
        now = time.monotonic()
        for pid, job in list(running.items()):
            ended = has_ended(pid)
            if not ended and now >= job["deadline"]:
                job["timedOut"] = True
                ended = True
            if ended:
                # Kill the group before reaping the snippet: while it is unreaped its pid, and
                # so its group id, cannot be given to another process.
                kill_group(pid)
                if pid in ended_status:
                    job["status"] = ended_status.pop(pid)
                else:
                    try:
                        job["status"] = os.waitpid(pid, 0)[1]
                    except ChildProcessError:
                        job["status"] = 9
                finish(pid, job)

def has_ended(pid):
    """Whether the snippet has ended, leaving it unreaped where the platform allows."""
    if hasattr(os, "waitid") and hasattr(os, "WNOWAIT"):
        try:
            return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    if done == pid:
        ended_status[pid] = status
        return True
    return False

ended_status = {}

def run_snippet(code):
    # As "python3 -s -" would: the code is __main__, read from "<stdin>", with sys.argv ["-"].
    import atexit, builtins, threading, traceback, types
    main = types.ModuleType("__main__")
    main.__dict__.update({"__builtins__": builtins, "__file__": "<stdin>", "__cached__": None, "__annotations__": {},
                          "__loader__": sys.modules["__main__"].__dict__.get("__loader__")})
    sys.modules["__main__"] = main
    sys.argv = ["-"]
    status = 0
    try:
        exec(compile(code, "<stdin>", "exec"), main.__dict__)
    except SystemExit as e:
        status = exit_status(e)
    except BaseException as e:
        tb = e.__traceback__
        traceback.print_exception(type(e), e, tb.tb_next if tb is not None else None)
        status = 1
    try:
        threading._shutdown()
        atexit._run_exitfuncs()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            status = status or 120
    return status

def exit_status(e):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + "\n")
    except BaseException:
        pass
    return 1

main()
`;
