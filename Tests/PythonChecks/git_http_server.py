#!/usr/bin/env python3
"""A git server over HTTP for the tests: git's "dumb" HTTP protocol (static files of a bare repository prepared with
`git update-server-info`), behind HTTP Basic authentication. Prints the port, then serves until killed.

  git_http_server.py BARE_REPOSITORY USER PASSWORD
"""
import base64
import functools
import http.server
import sys

root, user, password = sys.argv[1:4]
expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="fleet"')
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
print(server.server_address[1], flush=True)
server.serve_forever()
