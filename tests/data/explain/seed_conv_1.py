model = Sequential([
	Conv2D(3, (2,2), input_shape = (None, None, 1))
])
