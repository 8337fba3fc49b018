// Preloaded (node --require) in front of Portkey's gateway for the
// end-to-end test: gateway 1.15.2 takes its port from --port= but has no
// host switch and listens on every interface, so this binds every server
// the process starts to 127.0.0.1 instead.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const done = args.find((a) => typeof a === 'function');
    args = done ? [{ port: Number(first), host: '127.0.0.1' }, done] : [{ port: Number(first), host: '127.0.0.1' }];
  }
  return listen.apply(this, args);
};
