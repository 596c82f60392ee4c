import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from './connect.js';
import { parseQueueUrl } from './url.js';

/** Node's errors as ioredis reports them (the TLS test meets the others with a real server). */
function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

test('TLS failures name what to check: the trusted authorities, the host name, never the password', () => {
  const t = parseQueueUrl('rediss://:s3cret@redis.internal:6380', {});
  const untrusted = nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain');
  assert.match(
    explain(untrusted, t, 5000, undefined),
    /not trusted .*set NODE_EXTRA_CA_CERTS to its PEM file/,
  );
  assert.match(
    explain(untrusted, t, 5000, '/etc/ssl/certs/ca-certificates.crt'),
    /is NODE_EXTRA_CA_CERTS=\/etc\/ssl\/certs\/ca-certificates\.crt the PEM file of the certificate authority/,
  );
  const altname = nodeError(
    'ERR_TLS_CERT_ALTNAME_INVALID',
    "Hostname/IP does not match certificate's altnames: Host: redis.internal. is not in the cert's altnames: DNS:q.example",
  );
  assert.match(
    explain(altname, t, 5000, undefined),
    /certificate is not for 'redis\.internal' .* connect by a name/,
  );
  const leaked = nodeError('ERR_SSL_SOMETHING', 'handshake failed for s3cret');
  assert.ok(!explain(leaked, t, 5000, undefined).includes('s3cret'));
  assert.match(explain(nodeError('ECONNRESET', 'read ECONNRESET'), t, 5000, undefined), /client certificate/);
});
