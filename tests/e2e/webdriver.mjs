// A minimal W3C WebDriver client over fetch: enough to drive the real Tsunagu window through
// tauri-driver and WebKitWebDriver, without pulling a large client library into the build.

export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async request(method, path, body) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`WebDriver ${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    }
    if (!res.ok || (json.value && json.value.error)) {
      const v = json.value ?? {};
      throw new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? text.slice(0, 300)}`);
    }
    return json.value;
  }

  async start(capabilities) {
    const value = await this.request("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    this.session = value.sessionId;
    return value;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async quit() {
    if (this.session) {
      await this.request("DELETE", this.s("")).catch(() => {});
      this.session = null;
    }
  }

  async find(css) {
    const v = await this.request("POST", this.s("/element"), { using: "css selector", value: css });
    return v[ELEMENT];
  }

  async findX(xpath) {
    const v = await this.request("POST", this.s("/element"), { using: "xpath", value: xpath });
    return v[ELEMENT];
  }

  /** Waits until `xpath` matches; returns the first match. */
  async waitForX(xpath, timeoutMs = 20000) {
    return this.waitUntil(xpath, () => this.findX(xpath), timeoutMs);
  }

  async findAll(css) {
    const v = await this.request("POST", this.s("/elements"), { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT]);
  }

  async findAllX(xpath) {
    const v = await this.request("POST", this.s("/elements"), { using: "xpath", value: xpath });
    return v.map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches at least one element; returns the first. */
  async waitFor(css, timeoutMs = 20000) {
    const until = Date.now() + timeoutMs;
    let last;
    while (Date.now() < until) {
      try {
        const all = await this.findAll(css);
        if (all.length > 0) return all[0];
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${css}${last ? `: ${last.message}` : ""}`);
  }

  /** Waits until `fn` returns a truthy value; returns it. */
  async waitUntil(what, fn, timeoutMs = 20000) {
    const until = Date.now() + timeoutMs;
    let last;
    while (Date.now() < until) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
  }

  async click(el) {
    await this.request("POST", this.s(`/element/${el}/click`), {});
  }

  async text(el) {
    return this.request("GET", this.s(`/element/${el}/text`));
  }

  async attr(el, name) {
    return this.request("GET", this.s(`/element/${el}/attribute/${name}`));
  }

  async prop(el, name) {
    return this.request("GET", this.s(`/element/${el}/property/${name}`));
  }

  async clear(el) {
    await this.request("POST", this.s(`/element/${el}/clear`), {});
  }

  async type(el, text) {
    await this.request("POST", this.s(`/element/${el}/value`), { text });
  }

  /** Presses keys together as real key events (e.g. Control+End), then releases them. */
  async chord(...keys) {
    const down = keys.map((value) => ({ type: "keyDown", value }));
    const up = [...keys].reverse().map((value) => ({ type: "keyUp", value }));
    await this.request("POST", this.s("/actions"), { actions: [{ type: "key", id: "keyboard", actions: [...down, ...up] }] });
    await this.request("DELETE", this.s("/actions")).catch(() => {});
  }

  /** Drags from the centre of one element to the centre of another with real pointer moves. */
  async drag(from, to) {
    const origin = (el) => ({ [ELEMENT]: el });
    const steps = [];
    for (let i = 1; i <= 10; i++) steps.push({ type: "pointerMove", duration: 30, origin: "pointer", x: 0, y: 0 });
    await this.request("POST", this.s("/actions"), {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pointerMove", duration: 0, origin: origin(from), x: 0, y: 0 },
            { type: "pointerDown", button: 0 },
            { type: "pause", duration: 150 },
            { type: "pointerMove", duration: 100, origin: origin(from), x: 8, y: 8 },
            { type: "pointerMove", duration: 400, origin: origin(to), x: 0, y: 0 },
            { type: "pause", duration: 150 },
            { type: "pointerMove", duration: 50, origin: origin(to), x: 2, y: 2 },
            { type: "pointerUp", button: 0 },
          ],
        },
      ],
    });
    await this.request("DELETE", this.s("/actions")).catch(() => {});
  }

  async exec(script, args = []) {
    return this.request("POST", this.s("/execute/sync"), { script, args });
  }

  async source() {
    return this.request("GET", this.s("/source"));
  }

  async screenshot() {
    return Buffer.from(await this.request("GET", this.s("/screenshot")), "base64");
  }
}
