// OpenSSL's libcrypto: the EVP digest interface (SHA-256 for checksums and keys).
#include <openssl/evp.h>
