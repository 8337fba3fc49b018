package backend

import "crypto/tls"

type tlsState = tls.ConnectionState
