package dev.palisade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx from Debian's packages as the plain-reverse-proxy baseline: found on the PATH or in
 * /usr/sbin, installed with apt-get (non-interactive) when missing, run in the foreground
 * ({@code daemon off}) as a child process with its own prefix, pid file and logs under a temp dir.
 * Configured like a reverse proxy for MCP: HTTP/1.1 keep-alive to the upstream, no response
 * buffering (SSE must stream), one worker per core.
 */
final class NginxConfig {
  private NginxConfig() {}

  static String render(Path prefix, int port, int upstreamPort) {
    return """
        daemon off;
        master_process on;
        worker_processes auto;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log warn;
        events { worker_connections 8192; multi_accept on; }
        http {
          access_log off;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          keepalive_requests 1000000;
          keepalive_timeout 600s;
          client_max_body_size 8m;
          client_body_buffer_size 1m;
          upstream mcp { server 127.0.0.1:%3$d; keepalive 256; keepalive_requests 1000000; }
          server {
            listen 127.0.0.1:%2$d;
            location / {
              proxy_pass http://mcp;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering off;
              proxy_request_buffering on;
              proxy_read_timeout 600s;
            }
          }
        }
        """.formatted(prefix, port, upstreamPort);
  }

  /** The nginx binary, installing Debian's package first if there is none. Null if that fails. */
  static Path findOrInstall() {
    Path found = find();
    if (found != null) {
      return found;
    }
    System.err.println("nginx not found; installing Debian's package (apt-get install -y nginx)");
    if (!apt("install", "-y", "-q", "nginx")) {
      apt("update", "-q");
      apt("install", "-y", "-q", "nginx");
    }
    return find();
  }

  private static Path find() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
        return Path.of(dir, "nginx");
      }
    }
    return null;
  }

  private static boolean apt(String... args) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("apt-get"));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
