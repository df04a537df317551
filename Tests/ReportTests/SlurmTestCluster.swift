import Foundation
import XCTest

/// A throwaway one-node Slurm cluster on this machine: munged with a key made
/// here, slurmctld and slurmd as root in the foreground, every state, spool,
/// log and socket file in a temporary folder, ports chosen free. `stop()` ends
/// every daemon it started (and any job still queued).
final class SlurmTestCluster {
    let directory: String
    let configuration: String
    /// The daemons' process ids. They are spawned directly, not through
    /// Foundation's `Process`, whose monitor thread blocks in wait4() on a
    /// long-lived child (slurmctld forks a helper) and then never reaps the
    /// short commands (sinfo, sbatch) that the test runs next.
    private var daemons: [pid_t] = []

    private init(directory: String) {
        self.directory = directory
        configuration = directory + "/slurm.conf"
    }

    /// Starts the cluster, or skips the test (with the reason) when Slurm or munge is not installed or we are not root.
    static func start() throws -> SlurmTestCluster {
        for tool in ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw XCTSkip("\(tool) is missing: Debian's slurm-wlm and munge could not be installed (scripts/bootstrap.sh --test installs them)")
        }
        guard getuid() == 0 else { throw XCTSkip("a test Slurm cluster runs slurmd as root; run the tests as root") }
        let directory = NSTemporaryDirectory() + "a1report-slurm-\(getpid())-\(UUID().uuidString.prefix(8))"
        let cluster = SlurmTestCluster(directory: directory)
        do {
            try cluster.launch()
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    private func launch() throws {
        for folder in ["state", "spool", "log", "munge", "socket"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        // munged wants its key private and its socket's folder open to every user.
        chmod(directory + "/munge", 0o700)
        chmod(directory, 0o755)
        chmod(directory + "/socket", 0o755)
        var key = [UInt8](repeating: 0, count: 1024)
        for i in key.indices { key[i] = UInt8.random(in: 0...255) }
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/munge/munge.key", contents: Data(key), attributes: [.posixPermissions: 0o400]))
        try start("/usr/sbin/munged", ["-F", "--key-file=\(directory)/munge/munge.key", "--socket=\(directory)/socket/munge",
                                      "--pid-file=\(directory)/munge/pid", "--log-file=\(directory)/munge/log",
                                      "--seed-file=\(directory)/munge/seed"])
        try waitFor("munged's socket") { FileManager.default.fileExists(atPath: self.directory + "/socket/munge") }
        try writeConfiguration(controllerPort: Self.freePort(), nodePort: Self.freePort())
        try start("/usr/sbin/slurmctld", ["-D", "-f", configuration])
        try start("/usr/sbin/slurmd", ["-D", "-f", configuration])
        try waitFor("the node to be idle") {
            (try? self.run("/usr/bin/sinfo", ["-h", "-o", "%T"]))?.output.contains("idle") ?? false
        }
    }

    private func writeConfiguration(controllerPort: Int, nodePort: Int) throws {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        let text = """
            ClusterName=a1report-test
            SlurmctldHost=\(host)
            SlurmctldPort=\(controllerPort)
            SlurmdPort=\(nodePort)
            AuthType=auth/munge
            AuthInfo=socket=\(directory)/socket/munge
            CredType=cred/munge
            SlurmUser=root
            SlurmdUser=root
            StateSaveLocation=\(directory)/state
            SlurmdSpoolDir=\(directory)/spool
            SlurmctldPidFile=\(directory)/slurmctld.pid
            SlurmdPidFile=\(directory)/slurmd.pid
            SlurmctldLogFile=\(directory)/log/slurmctld.log
            SlurmdLogFile=\(directory)/log/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SchedulerType=sched/backfill
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU_Memory
            ReturnToService=2
            MpiDefault=none
            JobCompType=jobcomp/none
            AccountingStorageType=accounting_storage/none
            NodeName=\(host) CPUs=2 RealMemory=16000 State=UNKNOWN
            PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """
        try text.write(toFile: configuration, atomically: true, encoding: .utf8)
    }

    private func start(_ executable: String, _ arguments: [String]) throws {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else {
            throw NSError(domain: "SlurmTestCluster", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable)"])
        }
        daemons.append(pid)
    }

    /// The environment every Slurm command of this cluster runs with.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_CONF"] = configuration
        return environment
    }

    /// Runs a command against this cluster; returns its exit status and output.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    private func waitFor(_ what: String, seconds: Double = 30, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else {
                let log = (try? String(contentsOfFile: directory + "/log/slurmctld.log", encoding: .utf8))?.suffix(2000) ?? ""
                throw NSError(domain: "SlurmTestCluster", code: 1, userInfo: [NSLocalizedDescriptionKey: "timed out waiting for \(what); slurmctld log: \(log)"])
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    func stop() {
        _ = try? run("/usr/bin/scancel", ["--full", "--user=root"])
        for pid in daemons.reversed() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            let deadline = Date().addingTimeInterval(10)
            while waitpid(pid, &status, WNOHANG) == 0 {
                guard Date() < deadline else {
                    kill(pid, SIGKILL)
                    waitpid(pid, &status, 0)
                    break
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        daemons = []
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A TCP port nothing listens on now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        guard bound else { throw NSError(domain: "SlurmTestCluster", code: 2, userInfo: [NSLocalizedDescriptionKey: "no free port"]) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
