import type { ApolloServerPlugin } from '@apollo/server';

/** Apollo's embeddable Sandbox, pinned to its major version as Apollo Server pins it. */
export const SANDBOX_SCRIPT_URL =
  'https://embeddable-sandbox.cdn.apollographql.com/v2/embeddable-sandbox.umd.production.min.js';
/** The subprotocol of graphql-ws, the only one the gateway speaks on /graphql. */
export const SUBSCRIPTION_PROTOCOL = 'graphql-transport-ws';
/** How long the page waits for Sandbox's script before it explains what went wrong. */
export const SANDBOX_LOAD_TIMEOUT_MS = 8000;

const EXAMPLE_OPERATION = `subscription LivePrices {
  priceUpdated(coinIds: ["bitcoin", "ethereum"]) {
    coinId
    price
    change24hPct
    ts
    coin { name symbol }
  }
}`;

/**
 * The page a browser gets on `GET /graphql`: Apollo Sandbox (loaded from Apollo's CDN) pointed
 * at this endpoint, with subscriptions over WebSocket on the same path. Both URLs are computed
 * in the browser from `location`, so the page is right behind any ingress, host or TLS
 * terminator. Without the CDN (offline, blocked) the page says so and still tells the user how
 * to reach the API.
 */
export function sandboxLandingPageHtml(): string {
  const settings = {
    scriptUrl: SANDBOX_SCRIPT_URL,
    subscriptionProtocol: SUBSCRIPTION_PROTOCOL,
    loadTimeoutMs: SANDBOX_LOAD_TIMEOUT_MS,
    document: EXAMPLE_OPERATION,
  };
  // JSON inside <script>: escape what could end the element or open a comment.
  const json = JSON.stringify(settings)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crypto analytics GraphQL API · Apollo Sandbox</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
  #sandbox { position: absolute; inset: 0; }
  #fallback { max-width: 46rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
  #fallback code, #fallback pre { background: #f3f4f6; padding: 0.1rem 0.3rem; border-radius: 4px; }
  #fallback pre { padding: 0.75rem; overflow-x: auto; }
  body[data-sandbox="loaded"] #fallback { display: none; }
  #status[data-state="error"] { color: #b91c1c; }
</style>
</head>
<body data-sandbox="loading">
<main id="fallback">
  <h1>Crypto analytics GraphQL API</h1>
  <p id="status" data-state="loading">Loading Apollo Sandbox…</p>
  <ul>
    <li>Queries and mutations: <code>POST</code> to <code id="http-endpoint"></code></li>
    <li>Subscriptions: WebSocket <code id="ws-endpoint"></code>, subprotocol <code id="ws-protocol"></code>,
      token in <code>connectionParams: { authorization: "Bearer …" }</code></li>
  </ul>
  <p>Try this subscription:</p>
  <pre id="example"></pre>
</main>
<div id="sandbox"></div>
<script>
(function () {
  var settings = ${json};
  var endpoint = window.location.origin + window.location.pathname;
  var subscriptionEndpoint = endpoint.replace(/^http/, 'ws');
  var config = {
    target: '#sandbox',
    initialEndpoint: endpoint,
    initialSubscriptionEndpoint: subscriptionEndpoint,
    endpointIsEditable: false,
    initialState: { document: settings.document, includeCookies: false, pollForSchemaUpdates: true }
  };
  // What the page configured, for people (and tests) inspecting it.
  window.__GATEWAY_SANDBOX__ = { config: config, subscriptionProtocol: settings.subscriptionProtocol, scriptUrl: settings.scriptUrl };
  document.getElementById('http-endpoint').textContent = endpoint;
  document.getElementById('ws-endpoint').textContent = subscriptionEndpoint;
  document.getElementById('ws-protocol').textContent = settings.subscriptionProtocol;
  document.getElementById('example').textContent = settings.document;

  var settled = false;
  function fail(reason) {
    if (settled) return;
    settled = true;
    document.body.setAttribute('data-sandbox', 'unavailable');
    var status = document.getElementById('status');
    status.setAttribute('data-state', 'error');
    status.textContent = 'Apollo Sandbox could not be loaded from ' + new URL(settings.scriptUrl).origin + ' (' + reason + '). ' +
      'Sandbox needs that CDN; the API itself works without it: use any GraphQL client with the addresses below.';
  }
  function start() {
    if (settled) return;
    if (typeof window.EmbeddedSandbox !== 'function') return fail('the script did not define EmbeddedSandbox');
    try {
      new window.EmbeddedSandbox(config);
    } catch (err) {
      return fail(String(err && err.message || err));
    }
    settled = true;
    document.body.setAttribute('data-sandbox', 'loaded');
  }
  var script = document.createElement('script');
  script.src = settings.scriptUrl;
  script.onload = start;
  script.onerror = function () { fail('the CDN is unreachable'); };
  setTimeout(function () { fail('no answer within ' + settings.loadTimeoutMs / 1000 + ' s'); }, settings.loadTimeoutMs);
  document.head.appendChild(script);
})();
</script>
</body>
</html>
`;
}

/** Serves the page through Apollo Server's landing-page hook (only for browsers asking for HTML). */
export function sandboxLandingPagePlugin(): ApolloServerPlugin {
  const html = sandboxLandingPageHtml();
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
