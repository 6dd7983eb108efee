import torch, numpy as np, sys
torch.set_num_threads(1)
layers=int(sys.argv[1]); seed=int(sys.argv[2]); iters=int(sys.argv[3]) if len(sys.argv)>3 else 1500
torch.manual_seed(seed); rng=np.random.RandomState(seed)
t_min,t_max,res=0,30,0.1
def f(t): return t*np.sin(t)/3+2*np.sin(t*5)
def batch(n,steps=20):
    t0=rng.rand(n,1)*(t_max-t_min-steps*res)
    ts=t0+np.arange(0.,steps+1)*res
    ys=f(ts)
    return torch.tensor(ys[:,:-1,None],dtype=torch.float32), torch.tensor(ys[:,1:,None],dtype=torch.float32)
class M(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.rnn=torch.nn.RNN(1,100,num_layers=layers,nonlinearity='relu',batch_first=True); s.out=torch.nn.Linear(100,1)
    def forward(s,x): return s.out(s.rnn(x)[0])
m=M(); opt=torch.optim.Adam(m.parameters(),lr=1e-3); lossf=torch.nn.MSELoss()
for it in range(1,iters+1):
    x,y=batch(50); opt.zero_grad(); l=lossf(m(x),y); l.backward(); opt.step()
    if it%100==0 or it==iters:
        with torch.no_grad(): print(it, round(lossf(m(x),y).item(),4), end='; ')
xh,yh=batch(1000)
with torch.no_grad(): print('\nheld-out', lossf(m(xh),yh).item())
