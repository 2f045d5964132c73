// Create one customer through Airwallex's official Node SDK (@airwallex/node-sdk) against a loopback
// server: node node_sdk_create.js <base url> <client id> <api key> <request json>.
// Run from a folder where `npm install @airwallex/node-sdk@2.1.0-beta.5` was done (see
// test_airwallex_node_sdk.py). Telemetry off, no retry, the host replaced by the loopback URL.
const { Airwallex } = require('@airwallex/node-sdk');

const [url, clientId, apiKey, body] = process.argv.slice(2);
Object.defineProperty(Airwallex.prototype, 'basePath', { get() { return url; } });
const client = new Airwallex({ clientId, apiKey, env: 'demo', enableTelemetry: false, retry: 0 });
client.paymentAcceptance.customers
  .createCustomer(JSON.parse(body))
  .then((customer) => {
    console.log(JSON.stringify({ id: customer.id }));
    process.exit(0); // the SDK's 20-minute token timer would keep node running
  })
  .catch((error) => {
    console.error(String(error));
    process.exit(1);
  });
