# Independent Python reference for src/lib/random.ts (splitmix32 seeding, xoshiro128**, 53-bit doubles).
# Run: python3 scripts/reference/xoshiro.py — prints the first draws that tests/lib/random.test.ts expects.
M=0xffffffff
def imul(a,b): return (a*b)&M
def splitmix(x):
    x=(x+0x9e3779b9)&M; z=x
    z=imul(z^(z>>16),0x85ebca6b); z=imul(z^(z>>13),0xc2b2ae35)
    return x,(z^(z>>16))&M
def rotl(x,k): return ((x<<k)|(x>>(32-k)))&M
def stream(seed,n):
    low=seed & M; high=(seed>>32)&M
    x=low ^ imul(high,0x27d4eb2d)
    s=[]
    for _ in range(4):
        x,v=splitmix(x); s.append(v)
    s[3]^=high
    out=[]
    def nxt():
        r=imul(rotl(imul(s[1],5),7),9); t=(s[1]<<9)&M
        s[2]^=s[0]; s[3]^=s[1]; s[1]^=s[2]; s[0]^=s[3]; s[2]^=t; s[3]=rotl(s[3],11)
        return r
    for _ in range(n):
        a=nxt()>>5; b=nxt()>>6
        out.append((a*67108864+b)/9007199254740992)
    return out
for seed in [0,42,2**40+7]:
    print(seed, [repr(v) for v in stream(seed,4)])
