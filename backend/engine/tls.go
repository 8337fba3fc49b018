package engine

import "crypto/tls"

type tlsState = tls.ConnectionState
