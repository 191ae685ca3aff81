import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateKeyPairPem, publicKeyFromPem } from '../../lib/auth';
import { KafkaBus } from '../../lib/events';
import { composeSupergraph } from '../../gateway/compose';
import { SANDBOX_SCRIPT_URL } from '../../gateway/landing-page';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { KAFKA_BROKERS, waitFor } from '../support/servers';
import { priceEvent, silent, uniqueCoin } from './gateway-harness';

// GET /graphql in a real browser (Debian's chromium driven by playwright-core): the page points
// Apollo Sandbox at this endpoint with subscriptions over WebSocket, explains itself when
// Apollo's CDN is unreachable (it is, here), and the endpoints it configures work from the page:
// a query over HTTP and a live priceUpdated subscription over graphql-transport-ws.
jest.setTimeout(120_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Browser;
let gateway: RunningGateway;
let producer: KafkaBus;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  // The page and its endpoints need no subgraph: nothing here reaches one.
  gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    supergraphSdl: composeSupergraph((_name, port) => `http://127.0.0.1:${port + 50000}/graphql`),
    jwtPublicKey: publicKeyFromPem(generateKeyPairPem().publicKey),
    bus: new KafkaBus({ brokers: KAFKA_BROKERS, clientId: 'e2e-gateway-sandbox', log: silent }),
    closeBus: true,
    log: silent,
    introspection: true,
  });
  producer = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: 'e2e-producer-sandbox', log: silent });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await producer?.close();
  await gateway?.close();
});

interface PageSettings {
  config: {
    target: string;
    initialEndpoint: string;
    initialSubscriptionEndpoint: string;
    endpointIsEditable: boolean;
    initialState: { document: string };
  };
  subscriptionProtocol: string;
  scriptUrl: string;
}

async function open(route?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.newPage();
  await route?.(page);
  const response = await page.goto(gateway.url, { waitUntil: 'domcontentloaded' });
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toMatch(/text\/html/);
  return page;
}

it('configures Sandbox with this endpoint and WebSocket subscriptions, and loads it when the CDN answers', async () => {
  // Stand-in for Apollo's CDN: records what the page hands to EmbeddedSandbox.
  const page = await open((p) =>
    p.route(SANDBOX_SCRIPT_URL, (route) =>
      route.fulfill({
        contentType: 'application/javascript',
        body: 'window.EmbeddedSandbox = function (options) { window.__sandboxOptions = options; };',
      }),
    ),
  );
  await page.waitForFunction(() => document.body.dataset.sandbox === 'loaded', null, { timeout: 10_000 });
  const options = (await page.evaluate('window.__sandboxOptions')) as PageSettings['config'];
  expect(options).toMatchObject({
    target: '#sandbox',
    initialEndpoint: gateway.url,
    initialSubscriptionEndpoint: gateway.url.replace(/^http/, 'ws'),
    endpointIsEditable: false,
  });
  expect(options.initialState.document).toMatch(/subscription LivePrices \{\s+priceUpdated/);
  const settings = (await page.evaluate('window.__GATEWAY_SANDBOX__')) as PageSettings;
  expect(settings.subscriptionProtocol).toBe('graphql-transport-ws');
  expect(await page.isVisible('#fallback')).toBe(false);
  await page.close();
});

it('explains itself when the CDN is unreachable, with the endpoints to use instead', async () => {
  const page = await open((p) => p.route(SANDBOX_SCRIPT_URL, (route) => route.abort('internetdisconnected')));
  await page.waitForFunction(() => document.body.dataset.sandbox === 'unavailable', null, {
    timeout: 15_000,
  });
  const status = await page.textContent('#status');
  expect(status).toMatch(
    /Apollo Sandbox could not be loaded from https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/,
  );
  expect(status).toMatch(/the API itself works/);
  expect(await page.textContent('#http-endpoint')).toBe(gateway.url);
  expect(await page.textContent('#ws-endpoint')).toBe(gateway.url.replace(/^http/, 'ws'));
  expect(await page.textContent('#ws-protocol')).toBe('graphql-transport-ws');
  expect(await page.isVisible('#fallback')).toBe(true);
  await page.close();
});

it('says so too when the CDN cannot be reached for real (no internet here)', async () => {
  const page = await open();
  await page.waitForFunction(() => document.body.dataset.sandbox !== 'loading', null, { timeout: 20_000 });
  expect(await page.evaluate(() => document.body.dataset.sandbox)).toBe('unavailable');
  expect(await page.textContent('#status')).toMatch(/could not be loaded/);
  await page.close();
});

it('the configured endpoints work from the page: a query over HTTP, a live subscription over WebSocket', async () => {
  const page = await open((p) => p.route(SANDBOX_SCRIPT_URL, (route) => route.abort('internetdisconnected')));
  const settings = (await page.evaluate('window.__GATEWAY_SANDBOX__')) as PageSettings;
  const query = await page.evaluate(async (endpoint) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.json();
  }, settings.config.initialEndpoint);
  expect(query).toEqual({ data: { __typename: 'Query' } });

  const coinId = uniqueCoin('sandbox');
  await page.evaluate(
    ({ endpoint, protocol, coin }) => {
      const w = window as unknown as { __prices: string[]; __socket: WebSocket };
      w.__prices = [];
      const socket = new WebSocket(endpoint, protocol);
      w.__socket = socket;
      socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data as string);
        if (message.type === 'connection_ack') {
          socket.send(
            JSON.stringify({
              type: 'subscribe',
              id: '1',
              payload: { query: `subscription { priceUpdated(coinIds: ["${coin}"]) { price } }` },
            }),
          );
        }
        if (message.type === 'next') w.__prices.push(message.payload.data.priceUpdated.price);
      };
    },
    {
      endpoint: settings.config.initialSubscriptionEndpoint,
      protocol: settings.subscriptionProtocol,
      coin: coinId,
    },
  );
  await waitFor(
    async () => {
      const prices = (await page.evaluate('window.__prices')) as string[];
      if (prices.includes('42')) return true;
      await producer.publish('price_updates', priceEvent(coinId, '42'));
      await new Promise((r) => setTimeout(r, 300));
      return undefined;
    },
    30_000,
    'the browser to receive a live price',
  );
  await page.close();
});
