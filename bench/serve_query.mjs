// Latency of POST /v1/query {"sql": "SELECT 1"} over one keep-alive connection, from a separate
// process: prints p50/p90/p99/max in milliseconds. Usage: node serve_query.mjs URL TOKEN [N]
import http from 'node:http';

const [url, token, countText] = process.argv.slice(2);
const count = Number(countText ?? 2000);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ sql: 'SELECT 1' });

function once() {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const request = http.request(`${url}/v1/query`, {
      method: 'POST', agent,
      headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json',
                 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.on('data', (piece) => { text += piece; });
      response.on('end', () => {
        if (response.statusCode !== 200 || !text.includes('"rows":[[1]]')) {
          reject(new Error(`status ${response.statusCode}: ${text}`));
          return;
        }
        resolve(Number(process.hrtime.bigint() - start) / 1e6);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

for (let i = 0; i < 200; ++i) await once();  // warm-up
const times = [];
for (let i = 0; i < count; ++i) times.push(await once());
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
console.log(`requests ${count}  p50 ${at(0.5)} ms  p90 ${at(0.9)} ms  p99 ${at(0.99)} ms  ` +
            `max ${times[times.length - 1].toFixed(3)} ms`);
agent.destroy();
