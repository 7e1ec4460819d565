#!/usr/bin/env python3
"""Render the HTML report of each shipped mapping in a real browser and fail
on what a reader would meet: console messages (errors, CSP complaints,
fetches refused) or an element wider than the page, on a phone-wide window
(390 px) and a desktop one (1000 px). Each page is also saved as a PNG of
both widths and printed to PDF (A4, the print stylesheet), into the folder
given, for a person to look at.

Headless Chromium (Debian's `chromium`) is driven through the DevTools
protocol with PyPI's websocket-client. Needs a built htcds.

    python3 Scripts/check-report-pages.py [--htcds .build/debug/htcds] [--out /tmp/report-pages]
"""
import argparse
import base64
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTHS = [390, 1000]
# Elements wider than the page by more than this many CSS pixels are a fault.
TOLERANCE = 1
OVERFLOW_SCRIPT = """
(() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    const name = element.tagName.toLowerCase() + (element.className ? '.' + element.className : '');
    if (box.width > 0 && box.right > width + %d) wide.push(name + ' ' + Math.round(box.right) + 'px');
    // Text that does not wrap spills out of a box that fits.
    else if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + %d
             && getComputedStyle(element).overflowX === 'visible' && !element.classList.contains('page'))
      wide.push(name + ' content ' + element.scrollWidth + 'px in ' + element.clientWidth + 'px');
  }
  return JSON.stringify({width: width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 10)});
})()
""" % (TOLERANCE, TOLERANCE)


class Browser:
    """One headless Chromium and a DevTools connection to its page."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="htcds-chromium-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not binary:
            sys.exit("check-report-pages: no chromium on the PATH (Debian: apt-get install chromium)")
        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "--no-first-run", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        port = open(port_file).read().split("\n")[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as response:
            targets = json.loads(response.read())
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.messages = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.note(message)

    def note(self, message):
        method = message.get("method")
        if method == "Runtime.consoleAPICalled":
            args = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in message["params"]["args"])
            self.messages.append(f"console.{message['params']['type']}: {args}")
        elif method == "Runtime.exceptionThrown":
            self.messages.append("exception: " + message["params"]["exceptionDetails"].get("text", ""))
        elif method == "Log.entryAdded":
            entry = message["params"]["entry"]
            self.messages.append(f"log {entry['level']}: {entry['text']}")

    def open(self, url, width):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
                  mobile=width < 600)
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            state = self.call("Runtime.evaluate", expression="document.readyState", returnByValue=True)
            if state["result"].get("value") == "complete":
                return
            time.sleep(0.05)
        raise RuntimeError(f"{url} did not load")

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--htcds", default=os.path.join(ROOT, ".build", "debug", "htcds"))
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "htcds-report-pages"))
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    environment = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    faults = []
    browser = Browser()
    try:
        for mapping in sorted(glob.glob(os.path.join(ROOT, "Mappings", "*.yaml"))):
            name = os.path.splitext(os.path.basename(mapping))[0]
            page = os.path.join(arguments.out, name + ".html")
            run = subprocess.run([arguments.htcds, "convert", "--mapping", mapping, "-o", "/dev/null", "--report", page],
                                 cwd=ROOT, env=environment, capture_output=True, text=True)
            if run.returncode != 0:
                faults.append(f"{name}: convert exited {run.returncode}: {run.stderr.strip()[:300]}")
                continue
            for width in WIDTHS:
                browser.messages = []
                browser.open("file://" + page, width)
                layout = json.loads(browser.evaluate(OVERFLOW_SCRIPT))
                if layout["wide"] or layout["scroll"] > layout["width"] + TOLERANCE:
                    faults.append(f"{name} at {width}px: wider than the page ({layout['scroll']} > {layout['width']}): "
                                  + ", ".join(layout["wide"]))
                for message in browser.messages:
                    faults.append(f"{name} at {width}px: {message}")
                height = browser.evaluate("document.documentElement.scrollHeight")
                shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                    clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
                with open(os.path.join(arguments.out, f"{name}-{width}.png"), "wb") as handle:
                    handle.write(base64.b64decode(shot["data"]))
            pdf = browser.call("Page.printToPDF", paperWidth=8.27, paperHeight=11.69, printBackground=True)
            with open(os.path.join(arguments.out, name + ".pdf"), "wb") as handle:
                handle.write(base64.b64decode(pdf["data"]))
            print(f"{name}: rendered at {', '.join(str(width) for width in WIDTHS)} px and printed")
    finally:
        browser.close()
    for fault in faults:
        print("fault: " + fault)
    if faults:
        sys.exit(1)
    print(f"{len(glob.glob(os.path.join(arguments.out, '*.pdf')))} report pages clean; PNGs and PDFs in {arguments.out}")


if __name__ == "__main__":
    main()
